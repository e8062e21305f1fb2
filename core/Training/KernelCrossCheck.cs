using CrossModal.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>
/// Catches a finite wrong result from libtorch's fast convolution kernels (oneDNN) while training. The first update of
/// each kind in a process, and every <see cref="Interval"/>-th after it, is computed twice: once on the reference path
/// (oneDNN off: ATen's im2col + MKL GEMM) and once as usual; the loss must agree, and so must every layer computed in
/// isolation on the inputs this update gave it (<see cref="LayerKernelCheck"/>). When they do not, oneDNN is
/// turned off for the rest of the process and the update is made again on the reference kernels: a wrong kernel costs speed,
/// never a wrong weight. Why: libtorch 2.10's oneDNN computed one kind of convolution wrong on these machines
/// (docs/RELIABILITY.md); a trainer lets oneDNN compute its networks only after <see cref="KernelSelfCheck"/> found them
/// right at the start, and this check is how a fault that shows only later, or only now and then, still changes no weight. A NaN is
/// <see cref="GuardedUpdate"/>'s to catch; this catches the finite wrong numbers it cannot see.
/// </summary>
public static class KernelCrossCheck
{
    public const int DefaultInterval = 100;

    static int interval = DefaultInterval;
    static long checks, faults;
    static readonly Dictionary<string, long> updatesByName = [];
    static string? lastFault;

    /// <summary>
    /// On by default. A test host whose tests run in parallel turns it off: the check switches the process-wide kernel
    /// choice for a moment, which would change the last bits of another test's numbers mid-comparison.
    /// </summary>
    public static bool Enabled { get; set; } = true;

    /// <summary>Every how many updates of one kind the check runs (1 = every update; the bench's correctness run).</summary>
    public static int Interval
    {
        get => interval;
        set => interval = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "the check interval must be at least 1");
    }

    /// <summary>Updates checked against the reference path in this process.</summary>
    public static long Checks => Interlocked.Read(ref checks);

    /// <summary>Checks that found the fast path wrong (each turned oneDNN off for the rest of the process).</summary>
    public static long Faults => Interlocked.Read(ref faults);

    /// <summary>What the last fault was: which update, which tensor, how far off.</summary>
    public static string? LastFault => lastFault;

    /// <summary>Whether this update of <paramref name="name"/> is checked: only while oneDNN is on.</summary>
    internal static bool Due(string name)
    {
        if (!Enabled || !LibTorchContext.OneDnn) return false;
        lock (updatesByName)
        {
            var n = updatesByName.GetValueOrDefault(name);
            updatesByName[name] = n + 1;
            return n % interval == 0;
        }
    }

    /// <summary>
    /// The reference path's view of an update: the value of a replay of <paramref name="loss"/> (an attempt after the
    /// first: it gathers its inputs again) on the reference kernels, and the layer check of every layer of
    /// <paramref name="networks"/> it ran, on the inputs it gave them (<see cref="LayerKernelCheck"/>). Buffers and the
    /// global random state are put back afterwards, so the update that follows sees what it would have seen without the
    /// check, and no gradient is left behind.
    /// </summary>
    internal static Reference Compute(IReadOnlyList<nn.Module> networks, BufferSnapshot buffers, Func<int, Tensor> loss)
    {
        Interlocked.Increment(ref checks);
        var random = torch.Generator.Default.get_state();
        try
        {
            var value = 0f;
            var layerFault = LayerKernelCheck.OfPass(networks, buffers, () => value = KernelSelfCheck.Loss(() => loss(2), oneDnn: false, buffers, random));
            return new Reference(value, layerFault, random);
        }
        finally
        {
            LibTorchContext.OneDnn = true;
            torch.Generator.Default.set_state(random);
        }
    }

    /// <summary>Null when the fast path's loss agrees with <paramref name="reference"/> and every layer did, else what differs.</summary>
    internal static string? Disagreement(Reference reference, float value) =>
        KernelComparison.Disagreement(reference.Value, value) ?? reference.LayerFault;

    /// <summary>Turns oneDNN off for the rest of the process, after a check found it wrong.</summary>
    internal static void Fault(string update, int epoch, int step, string what)
    {
        Interlocked.Increment(ref faults);
        lastFault = $"{update} at epoch {epoch}, step {step}: {what}";
        LibTorchContext.OneDnn = false;
    }

    /// <summary>A loss value on the reference path, what the layer check found (null: every layer agreed), and the random state it started from.</summary>
    internal sealed class Reference(float value, string? layerFault, Tensor randomState) : IDisposable
    {
        public float Value { get; } = value;
        public string? LayerFault { get; } = layerFault;

        /// <summary>Puts the global random state back to where the checked update started (for its next attempt).</summary>
        public void RestoreRandomState() => torch.Generator.Default.set_state(randomState);

        public void Dispose() => randomState.Dispose();
    }
}
