using CrossModal.Core;
using Grpc.Core;
using Microsoft.Extensions.Configuration;

namespace CrossModal.EvaluatorService.Evaluation;

/// <summary>
/// How many model evaluations the service takes at once (section <c>CrossModal:Evaluation</c>): <see cref="Running"/>
/// run, <see cref="Waiting"/> more wait their turn, and any beyond that are refused with RESOURCE_EXHAUSTED. Each
/// evaluation is a long job on a thread of its own over a whole dataset split; unbounded, a caller (or many) could
/// start as many as it liked and starve the judge calls that the web app and the studies make.
/// </summary>
public sealed class EvaluationSlots
{
    public const string Section = "CrossModal:Evaluation";

    public int Running { get; }
    public int Waiting { get; }

    readonly SemaphoreSlim turns;
    int admitted;

    public EvaluationSlots(int running = 1, int waiting = 4)
    {
        if (running is < 1 or > 64) throw new InvalidInputException($"{Section}:Running must be 1..64, got {running}.");
        if (waiting is < 0 or > 1000) throw new InvalidInputException($"{Section}:Waiting must be 0..1000, got {waiting}.");
        (Running, Waiting) = (running, waiting);
        turns = new SemaphoreSlim(running, running);
    }

    public static EvaluationSlots From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        return new EvaluationSlots(section.GetValue("Running", 1), section.GetValue("Waiting", 4));
    }

    /// <summary>Evaluations admitted now: running or waiting.</summary>
    public int Admitted => Volatile.Read(ref admitted);

    /// <summary>
    /// Waits for a turn; dispose the result when the evaluation ends. Refused at once (RESOURCE_EXHAUSTED) when
    /// <see cref="Running"/> + <see cref="Waiting"/> evaluations are already admitted.
    /// </summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancel)
    {
        if (Interlocked.Increment(ref admitted) > Running + Waiting)
        {
            Interlocked.Decrement(ref admitted);
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"the evaluator is busy ({Running} evaluation(s) running, {Waiting} waiting); retry later."));
        }
        try
        {
            await turns.WaitAsync(cancel);
        }
        catch
        {
            Interlocked.Decrement(ref admitted);
            throw;
        }
        return new Turn(this);
    }

    sealed class Turn(EvaluationSlots slots) : IDisposable
    {
        int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 1) return;
            slots.turns.Release();
            Interlocked.Decrement(ref slots.admitted);
        }
    }
}
