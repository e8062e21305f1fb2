using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>
/// Whether two computations of the same numbers — one layer's output and gradients (<see cref="LayerKernelCheck"/>), or a
/// loss — by libtorch's fast kernels (oneDNN) and by its reference kernels agree. Each tensor may differ by
/// <see cref="Tolerance"/> of its largest magnitude, but no less than that of a hundredth of the largest tensor: summation
/// order alone moves float32 results by ~1e-6 of their scale, and a gradient that should be zero (a bias before batch
/// norm) is only summation noise, compared at the layer's scale.
/// </summary>
internal static class KernelComparison
{
    public const double Tolerance = 1e-3;
    const double FloorFraction = 1e-2;

    /// <summary>Null when they agree, else the differences found (the first three, and how many).</summary>
    public static string? Disagreement(IReadOnlyDictionary<string, Tensor> reference, IReadOnlyDictionary<string, Tensor> actual)
    {
        using var scope = NewDisposeScope();
        var scales = reference.ToDictionary(r => r.Key, r => (double)r.Value.abs().max().item<float>());
        var floor = FloorFraction * scales.Values.DefaultIfEmpty(0).Max();
        var wrong = new List<string>();
        foreach (var (name, expected) in reference)
        {
            if (!actual.TryGetValue(name, out var value)) { wrong.Add($"no {Display(name)}"); continue; }
            var difference = (double)(value - expected).abs().max().item<float>();
            var allowed = Tolerance * Math.Max(scales[name], floor) + 1e-12;
            if (!(difference <= allowed)) wrong.Add($"{Display(name)} off by {difference:G3} (largest {scales[name]:G3})");
        }
        return wrong.Count == 0 ? null
            : string.Join("; ", wrong.Take(3)) + (wrong.Count > 3 ? $"; {wrong.Count - 3} more of {reference.Count} tensors" : $" ({wrong.Count} of {reference.Count} tensors)");
    }

    /// <summary>
    /// Null when two values of one loss agree, else both. A loss is a continuous function of the network's inputs and
    /// weights (ReLU included), so summation order moves it by ~1e-6 of its scale, whichever kernels computed it.
    /// </summary>
    public static string? Disagreement(float referenceLoss, float loss) =>
        float.IsFinite(loss) != float.IsFinite(referenceLoss) ||
        float.IsFinite(loss) && Math.Abs(loss - referenceLoss) > Tolerance * Math.Max(1.0, Math.Abs(referenceLoss))
            ? $"loss {loss} against {referenceLoss}"
            : null;

    public static void Dispose(IReadOnlyDictionary<string, Tensor> gradients)
    {
        foreach (var g in gradients.Values) g.Dispose();
    }

    static string Display(string name) => name[(name.IndexOf(':') + 1)..];
}
