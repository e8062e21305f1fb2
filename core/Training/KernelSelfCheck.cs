using CrossModal.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>
/// Computes a loss of some networks and its gradients with libtorch's fast kernels (oneDNN) and with its reference
/// kernels, and says whether they agree (<see cref="KernelComparison"/>). It changes nothing: gradients are cleared, and
/// buffers, the global random state and the kernel choice are put back. A trainer runs it on its own networks at the
/// training batch's shapes before it lets oneDNN compute them (<see cref="FastKernels"/>).
/// </summary>
public static class KernelSelfCheck
{
    /// <summary>Null when the two kernel paths agree on <paramref name="loss"/> and its gradients, else what differs.</summary>
    public static string? Disagreement(IReadOnlyList<nn.Module> networks, Func<Tensor> loss)
    {
        var before = LibTorchContext.OneDnn;
        using var buffers = BufferSnapshot.Of(networks);
        var random = torch.Generator.Default.get_state();
        try
        {
            var (referenceLoss, reference) = Pass(networks, loss, oneDnn: false, buffers, random);
            var (fastLoss, fast) = Pass(networks, loss, oneDnn: true, buffers, random);
            try
            {
                return KernelComparison.Disagreement(referenceLoss, fastLoss, reference, fast);
            }
            finally
            {
                KernelComparison.Dispose(reference);
                KernelComparison.Dispose(fast);
            }
        }
        finally
        {
            LibTorchContext.OneDnn = before;
            random.Dispose();
        }
    }

    /// <summary>
    /// The loss and the gradients of <paramref name="networks"/> on one kernel path, from the given random state; the
    /// gradients are cleared and the buffers put back afterwards (the kernel choice and the random state are the caller's).
    /// </summary>
    internal static (float Loss, Dictionary<string, Tensor> Gradients) Pass(IReadOnlyList<nn.Module> networks, Func<Tensor> loss, bool oneDnn,
        BufferSnapshot buffers, Tensor random)
    {
        LibTorchContext.OneDnn = oneDnn;
        torch.Generator.Default.set_state(random);
        foreach (var n in networks) n.zero_grad();
        using var scope = NewDisposeScope();
        var l = loss();
        var value = l.item<float>();
        if (float.IsFinite(value)) l.backward();
        var gradients = KernelComparison.Gradients(networks);
        foreach (var n in networks) n.zero_grad();
        buffers.Restore();
        return (value, gradients);
    }
}
