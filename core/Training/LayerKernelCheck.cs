using CrossModal.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>
/// Checks libtorch's fast kernels (oneDNN) layer by layer: each layer with parameters is computed in isolation, on the
/// input it received in a real forward pass, with oneDNN and with the reference kernels, and its output, parameter
/// gradients and — where training computes it — input gradient must agree (<see cref="KernelComparison"/>).
/// Why layer by layer and not the gradients of a whole network's loss: ReLU and LeakyReLU make a network's gradients
/// jump where a pre-activation crosses zero, and two float32 computations that differ only in summation order put a few
/// of the millions of pre-activations of a batch-64 step on opposite sides of it (a float64 computation differs from
/// both in the same way). One such flip moves a weight gradient by ~1/√(positions) of its size — about 0.5 % at the S2I
/// shapes — so whole-network gradients of correct kernels differ far beyond any tolerance that would still catch a
/// wrong kernel (bench <c>gradient-agreement</c>, docs/RELIABILITY.md). A single layer has no such jump: correct kernels
/// agree to about 1e-5 of each tensor's scale (bench onednn-faults), and a wrong one shows.
/// </summary>
internal static class LayerKernelCheck
{
    /// <summary>
    /// Runs <paramref name="referencePass"/> (a forward pass of <paramref name="networks"/>, as training runs it), then
    /// checks every layer with parameters that it ran, on the inputs it gave them: null when all agree, else what differs.
    /// </summary>
    public static string? OfPass(IReadOnlyList<nn.Module> networks, BufferSnapshot buffers, Action referencePass)
    {
        var layers = Capture(networks, referencePass);
        try
        {
            return Disagreement(layers, buffers);
        }
        finally
        {
            foreach (var (_, input) in layers) input.Dispose();
        }
    }

    /// <summary>The layers of <paramref name="networks"/> that have parameters, each with a copy of every input it received while <paramref name="run"/> ran.</summary>
    static List<(nn.Module<Tensor, Tensor> Layer, Tensor Input)> Capture(IReadOnlyList<nn.Module> networks, Action run)
    {
        var seen = new List<(nn.Module<Tensor, Tensor>, Tensor)>();
        var hooks = networks.SelectMany(n => n.modules()).Distinct()
            .OfType<nn.Module<Tensor, Tensor>>()
            .Where(m => !m.children().Any() && m.parameters(recurse: false).Any())
            .Select(m => m.register_forward_hook((layer, input, output) =>
            {
                // The copy needs a gradient where the input had one: an input gradient training never computes (a network's
                // first layer) is not checked, as a wrong kernel there changes no weight.
                seen.Add((layer, input.detach().clone().requires_grad_(input.requires_grad).DetachFromDisposeScope()));
                return output;
            }))
            .ToList();
        try
        {
            run();
        }
        finally
        {
            foreach (var h in hooks) h.remove();
        }
        return seen;
    }

    /// <summary>
    /// Null when every captured layer computes the same output and gradients on both kernel paths, else what differs.
    /// Changes nothing: no parameter's <c>.grad</c> is touched, and the buffers (which a train-mode layer moves), the
    /// global random state and the kernel choice are put back.
    /// </summary>
    static string? Disagreement(IReadOnlyList<(nn.Module<Tensor, Tensor> Layer, Tensor Input)> layers, BufferSnapshot buffers)
    {
        var before = LibTorchContext.OneDnn;
        using var random = torch.Generator.Default.get_state();
        try
        {
            for (var i = 0; i < layers.Count; i++)
            {
                var (layer, input) = layers[i];
                var reference = Pass(layer, input, oneDnn: false, buffers, random);
                var fast = Pass(layer, input, oneDnn: true, buffers, random);
                try
                {
                    if (KernelComparison.Disagreement(reference, fast) is { } wrong)
                        return $"layer {i + 1} of {layers.Count} ({layer.GetName()}, input [{string.Join(",", input.shape)}]): {wrong}";
                }
                finally
                {
                    KernelComparison.Dispose(reference);
                    KernelComparison.Dispose(fast);
                }
            }
            return null;
        }
        finally
        {
            LibTorchContext.OneDnn = before;
            torch.Generator.Default.set_state(random);
        }
    }

    /// <summary>The layer's output, and the gradients of a fixed random projection of it for its input and parameters, on one kernel path.</summary>
    static Dictionary<string, Tensor> Pass(nn.Module<Tensor, Tensor> layer, Tensor input, bool oneDnn, BufferSnapshot buffers, Tensor random)
    {
        LibTorchContext.OneDnn = oneDnn;
        torch.Generator.Default.set_state(random);
        using var scope = NewDisposeScope();
        var x = input.detach().clone().requires_grad_(input.requires_grad);
        var output = layer.call(x);
        using var draws = new torch.Generator(17);
        var projection = (output * randn(output.shape, generator: draws, dtype: output.dtype)).sum();
        var parameters = layer.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        var wrt = (x.requires_grad ? [x] : new List<Tensor>()).Concat(parameters.Select(p => (Tensor)p.parameter)).ToList();
        var gradients = torch.autograd.grad([projection], wrt, allow_unused: true);
        var result = new Dictionary<string, Tensor> { ["output"] = output.detach().clone().DetachFromDisposeScope() };
        var names = (x.requires_grad ? ["input"] : new List<string>()).Concat(parameters.Select(p => p.name)).ToList();
        for (var i = 0; i < names.Count; i++)
            if (gradients[i] is { } g && !g.IsInvalid) result[names[i]] = g.detach().clone().DetachFromDisposeScope();
        buffers.Restore();
        return result;
    }
}
