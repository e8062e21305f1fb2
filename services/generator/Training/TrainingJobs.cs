using System.Collections.Concurrent;
using CrossModal.Core;
using CrossModal.Core.Imaging;
using CrossModal.Core.Recipes;
using CrossModal.Core.Runtime;
using CrossModal.Protos.V1;
using CrossModal.ModelServing;
using Grpc.Core;

namespace CrossModal.GeneratorService.Training;

/// <summary>
/// Training jobs: one at a time (training takes every core; a second job would only slow both), each on its own
/// long-running thread through <see cref="RecipeRunner"/>, writing into the service's model store. A StartTraining
/// while a job runs is refused with RESOURCE_EXHAUSTED rather than queued: the caller decides whether to wait.
/// Finished runs stay watchable (history) until <see cref="KeptRuns"/> newer ones push them out.
/// On shutdown the running job is cancelled; its checkpoint lets the same request resume it later.
/// </summary>
public sealed class TrainingJobs(ServicePaths paths, ServiceModels models, RuntimeSelection runtime, ILogger<TrainingJobs> logger)
    : IHostedService
{
    public const int KeptRuns = 20;
    /// <summary>Step events are sent at most this often; epoch ends, messages and the final state always are.</summary>
    static readonly TimeSpan StepEventInterval = TimeSpan.FromMilliseconds(500);

    readonly object gate = new();
    readonly ConcurrentDictionary<string, TrainingRun> runs = new();
    readonly Queue<string> order = new();
    TrainingRun? active;
    Task? activeTask;

    public TrainingRun Start(StartTrainingRequest request)
    {
        var dataset = paths.Dataset(request.Dataset);
        var recipe = TrainingRecipes.From(request, dataset, paths.Models, runtime.Threads);
        lock (gate)
        {
            if (active is { IsFinished: false } busy)
                throw new RpcException(new Status(StatusCode.ResourceExhausted,
                    $"training run {busy.Id} ({busy.Description}) is still running; one run at a time. Watch or cancel it first."));
            var run = new TrainingRun(Guid.NewGuid().ToString("N")[..12], $"{request.Kind} on {request.Dataset}");
            runs[run.Id] = run;
            order.Enqueue(run.Id);
            while (order.Count > KeptRuns && order.TryDequeue(out var old)) runs.TryRemove(old, out _);
            active = run;
            run.Append(new TrainingEvent { State = TrainingRun.Queued, Message = $"{run.Description}: {request.Epochs} epoch(s)" });
            activeTask = Task.Factory.StartNew(() => Execute(run, recipe, dataset), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default);
            return run;
        }
    }

    public TrainingRun Get(string runId) =>
        runs.TryGetValue(runId ?? "", out var run) ? run : throw new ModelNotFoundException($"no training run '{runId}' (finished runs are kept: the last {KeptRuns}).");

    /// <summary>True when the run was still going and is now being cancelled.</summary>
    public bool Cancel(string runId)
    {
        var run = Get(runId);
        if (run.IsFinished) return false;
        run.Cancellation.Cancel();
        return true;
    }

    void Execute(TrainingRun run, TrainingRecipe recipe, string dataset)
    {
        var lastStep = DateTime.MinValue;
        var progress = new SyncProgress<RecipeEvent>(e =>
        {
            if (e.Message is { } message)
            {
                run.Append(new TrainingEvent { ModelId = e.Step, Message = message, Accuracy = double.NaN });
                return;
            }
            if (e.Progress is not { } p) return;
            if (!p.EpochCompleted && DateTime.UtcNow - lastStep < StepEventInterval) return;
            lastStep = DateTime.UtcNow;
            var ev = new TrainingEvent
            {
                ModelId = e.Step, Epoch = p.Epoch, Epochs = p.Epochs, Step = p.Step, StepsPerEpoch = p.StepsPerEpoch,
                Accuracy = p.Accuracy ?? double.NaN, Message = p.EpochCompleted ? $"{p.Phase} epoch {p.Epoch}/{p.Epochs} done" : p.Phase,
            };
            foreach (var (k, v) in p.Losses) ev.Losses[k] = v;
            if (p.Preview is { } grid)
                ev.PreviewPng.Add(Google.Protobuf.ByteString.CopyFrom(ImageGrid.PngFromBatch(grid.Data, grid.Shape, columns: 13)));
            run.Append(ev);
        });
        try
        {
            run.Append(new TrainingEvent { State = TrainingRun.Running, Message = "started", Accuracy = double.NaN });
            // Force: a StartTraining request means "train it now", even when the store holds a model of the same settings.
            new RecipeRunner(recipe, dataset, paths.Models) { Progress = progress, Force = true }.Run(run.Cancellation.Token);
            models.Forget();
            run.Append(new TrainingEvent { State = TrainingRun.Completed, Message = "completed; the model store was updated", Accuracy = double.NaN });
        }
        catch (OperationCanceledException) when (run.Cancellation.IsCancellationRequested)
        {
            run.Append(new TrainingEvent { State = TrainingRun.Cancelled, Message = "cancelled; the model store is unchanged", Accuracy = double.NaN });
        }
        catch (InvalidInputException e)
        {
            run.Append(new TrainingEvent { State = TrainingRun.Failed, Message = e.Message, Accuracy = double.NaN });
        }
        catch (Exception e)
        {
            logger.LogError(e, "training run {Run} failed", run.Id);
            run.Append(new TrainingEvent { State = TrainingRun.Failed, Message = $"internal error ({e.GetType().Name}); the server log has the details", Accuracy = double.NaN });
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task? running;
        lock (gate)
        {
            active?.Cancellation.Cancel();
            running = activeTask;
        }
        if (running is not null) await running.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs on the reporting thread (Progress&lt;T&gt; would post to the thread pool and reorder events).</summary>
    sealed class SyncProgress<T>(Action<T> action) : IProgress<T>
    {
        public void Report(T value) => action(value);
    }
}
