using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>
/// One optimiser update that is applied only when its loss and gradients are finite, and tried again when they are not.
/// Why: on the development VMs libtorch's oneDNN kernels now and then returned NaN for a step whose inputs and weights
/// were finite (bench `gan-step --quick`: 15 of 31 fresh runs at 2 threads, most often in the first steps). oneDNN is
/// now off (<see cref="Runtime.TorchRuntime"/>), and this guard stays as the second line: stopping a two-hour recipe for
/// one bad kernel result would lose the run, and applying it would poison every weight through Adam.
/// A failed attempt changes nothing: no optimiser step, and the
/// modules' buffers (batch norm's running statistics, which a train-mode forward pass updates) are put back. A loss
/// that stays non-finite for <see cref="Attempts"/> attempts is real divergence and stops training as before.
/// </summary>
public static class GuardedUpdate
{
    public const int Attempts = 3;

    static long retriedUpdates;

    /// <summary>Updates in this process that needed more than one attempt (logged by the recipe runner).</summary>
    public static long RetriedUpdates => Interlocked.Read(ref retriedUpdates);

    /// <summary>
    /// Runs <paramref name="loss"/> (given the attempt number, 1-based) until its value and the gradients of
    /// <paramref name="optimised"/> are finite, then steps <paramref name="optimizer"/>; returns the loss value.
    /// The loss's tensors belong to the caller's dispose scope. An attempt after the first gathers its inputs again and
    /// must compute the same loss as the first (same batch, same noise) once the buffers and the global random state are
    /// put back: <see cref="KernelCrossCheck"/> replays it on the reference path before the first attempt (unless
    /// <paramref name="crossCheck"/> is false: for an update whose first attempt reuses a graph that a replay would spoil).
    /// </summary>
    public static double Run(string name, int epoch, int step, OptimizerHelper optimizer, nn.Module optimised,
        IReadOnlyList<nn.Module> buffersOf, Func<int, Tensor> loss, bool crossCheck = true)
    {
        using var saved = BufferSnapshot.Of(buffersOf);
        using var reference = crossCheck && KernelCrossCheck.Due(name) ? KernelCrossCheck.Compute(buffersOf, saved, loss) : null;
        for (var attempt = 1; ; attempt++)
        {
            optimizer.zero_grad();
            var l = loss(attempt);
            var value = l.item<float>();
            var finite = float.IsFinite(value);
            if (finite) l.backward();
            if (attempt == 1 && reference is not null && KernelCrossCheck.Disagreement(reference, value) is { } wrong)
            {
                // The fast kernels gave a finite wrong result: oneDNN is now off, and the next attempt makes the update
                // again on the reference path.
                KernelCrossCheck.Fault(name, epoch, step, wrong);
                optimizer.zero_grad();
                saved.Restore();
                reference.RestoreRandomState();
                continue;
            }
            if (finite)
            {
                if (GradientsFinite(optimised))
                {
                    optimizer.step();
                    if (attempt > 1) Interlocked.Increment(ref retriedUpdates);
                    return value;
                }
            }
            optimizer.zero_grad();
            saved.Restore();
            if (attempt == Attempts)
                throw LossGuard.Diverged(name, finite ? "gradients became non-finite" : $"loss became {(float.IsNaN(value) ? "NaN" : "infinite")}",
                    epoch, step, $" in {Attempts} attempts");
        }
    }

    internal static bool GradientsFinite(nn.Module module)
    {
        using var scope = NewDisposeScope();
        var checks = module.parameters().Where(p => p.requires_grad && p.grad is not null).Select(p => p.grad!.isfinite().all()).ToList();
        return checks.Count == 0 || stack(checks).all().item<bool>();
    }
}
