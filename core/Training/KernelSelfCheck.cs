using CrossModal.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>
/// Whether libtorch's fast kernels (oneDNN) compute some networks right on one batch: the loss on both kernel paths, and
/// every layer with parameters in isolation on the input it received (<see cref="LayerKernelCheck"/>). It changes
/// nothing: buffers, the global random state and the kernel choice are put back, and no gradient is left behind. A trainer
/// runs it on its own networks at the training batch's shapes before it lets oneDNN compute them (<see cref="FastKernels"/>).
/// </summary>
public static class KernelSelfCheck
{
    /// <summary>Null when the two kernel paths agree on <paramref name="loss"/> and on every layer it ran, else what differs.</summary>
    public static string? Disagreement(IReadOnlyList<nn.Module> networks, Func<Tensor> loss)
    {
        var before = LibTorchContext.OneDnn;
        using var buffers = BufferSnapshot.Of(networks);
        using var random = torch.Generator.Default.get_state();
        try
        {
            var referenceLoss = 0f;
            var layerFault = LayerKernelCheck.OfPass(networks, buffers, () => referenceLoss = Loss(loss, oneDnn: false, buffers, random));
            return layerFault ?? KernelComparison.Disagreement(referenceLoss, Loss(loss, oneDnn: true, buffers, random));
        }
        finally
        {
            LibTorchContext.OneDnn = before;
            torch.Generator.Default.set_state(random);
        }
    }

    /// <summary>
    /// The value of <paramref name="loss"/> on one kernel path, from the given random state, computed as in training
    /// (autograd recording, so the kernels are the training ones); the buffers are put back afterwards.
    /// </summary>
    internal static float Loss(Func<Tensor> loss, bool oneDnn, BufferSnapshot buffers, Tensor random)
    {
        LibTorchContext.OneDnn = oneDnn;
        torch.Generator.Default.set_state(random);
        using var scope = NewDisposeScope();
        var value = loss().item<float>();
        buffers.Restore();
        return value;
    }
}
