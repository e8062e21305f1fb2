using CrossModal.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>
/// Which convolution kernels a training run uses. oneDNN makes a GAN step about 2.8x faster on these machines, but
/// libtorch 2.10's oneDNN computes some convolutions wrong (docs/RELIABILITY.md), so under the default policy
/// (<see cref="OneDnnPolicy.Auto"/>) a trainer turns it on only for its own networks, and only after
/// <see cref="KernelSelfCheck"/> found them computed right at the training batch's shapes; everything else in the process
/// (encoders computing conditions, judges scoring epochs, services) runs on the reference kernels.
/// </summary>
public static class FastKernels
{
    /// <summary>The last run's choice and why.</summary>
    public static string? LastDecision { get; private set; }

    /// <summary>
    /// The choice made since the last call, then forgotten (null when no trainer chose since): what the recipe runner
    /// records in a step's training history, so that a step's time says which kernels it ran on.
    /// </summary>
    public static string? TakeDecision()
    {
        var decision = pending;
        pending = null;
        return decision;
    }

    // Per thread: a recipe trains its steps on the thread that runs it, and two recipes in one process (tests, a
    // service's training job beside a CLI-style run) must not take each other's decisions.
    [ThreadStatic] static string? pending;

    /// <summary>
    /// oneDNN on for the returned scope when the policy allows it and <paramref name="loss"/> (a loss of
    /// <paramref name="networks"/> on a training batch) agrees on both kernel paths; the previous choice comes back when
    /// the scope is disposed.
    /// </summary>
    public static IDisposable ForTraining(string run, IReadOnlyList<nn.Module> networks, Func<Tensor> loss)
    {
        var before = LibTorchContext.OneDnn;
        var device = networks.SelectMany(n => n.parameters()).Select(p => p.device_type).FirstOrDefault(DeviceType.CPU);
        var use = device != DeviceType.CPU
            ? Decide(run, false, $"the networks are on {device.ToString().ToLowerInvariant()}: oneDNN is for the CPU, nothing to check")
            : TorchRuntime.OneDnn switch
            {
                OneDnnPolicy.Off => Decide(run, false, $"{TorchRuntime.OneDnnVariable}=0"),
                OneDnnPolicy.On => Decide(run, true, $"{TorchRuntime.OneDnnVariable}=1, no self-check"),
                _ => KernelSelfCheck.Disagreement(networks, loss) is { } wrong
                    ? Decide(run, false, $"the self-check found oneDNN wrong: {wrong}")
                    : Decide(run, true, "the self-check found oneDNN right on these networks"),
            };
        LibTorchContext.OneDnn = use;
        return new Restore(before);
    }

    /// <summary>The reference kernels for the returned scope (e.g. a judge scoring a training epoch), whatever the run uses.</summary>
    public static IDisposable Reference()
    {
        var before = LibTorchContext.OneDnn;
        LibTorchContext.OneDnn = false;
        return new Restore(before);
    }

    static bool Decide(string run, bool use, string why)
    {
        LastDecision = pending = $"{run}: oneDNN {(use ? "on" : "off")} ({why})";
        return use;
    }

    sealed class Restore(bool state) : IDisposable
    {
        public void Dispose() => LibTorchContext.OneDnn = state;
    }
}
