using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>
/// Whether two computations of the same loss and gradients — libtorch's fast kernels (oneDNN) and its reference kernels —
/// agree. Each tensor may differ by <see cref="Tolerance"/> of its largest magnitude, but no less than that of a
/// hundredth of the largest gradient: summation order alone moves float32 results by ~1e-6 of their scale, and a gradient
/// that should be zero (a bias before batch norm) is only summation noise, compared at the model's scale.
/// </summary>
internal static class KernelComparison
{
    public const double Tolerance = 1e-3;
    const double FloorFraction = 1e-2;

    /// <summary>Clones of the gradients of <paramref name="modules"/>' parameters by name, outside any dispose scope.</summary>
    public static Dictionary<string, Tensor> Gradients(IEnumerable<nn.Module> modules) =>
        modules.SelectMany((m, i) => m.named_parameters().Select(p => (Name: $"{i}:{m.GetName()}.{p.name}", p.parameter)))
            .Where(p => p.parameter.grad is not null)
            .ToDictionary(p => p.Name, p => p.parameter.grad!.detach().clone().DetachFromDisposeScope());

    /// <summary>Null when they agree, else the differences found (the first three, and how many).</summary>
    public static string? Disagreement(float referenceLoss, float loss, IReadOnlyDictionary<string, Tensor> reference, IReadOnlyDictionary<string, Tensor> actual)
    {
        if (float.IsFinite(loss) != float.IsFinite(referenceLoss) ||
            float.IsFinite(loss) && Math.Abs(loss - referenceLoss) > Tolerance * Math.Max(1.0, Math.Abs(referenceLoss)))
            return $"loss {loss} against {referenceLoss}";
        using var scope = NewDisposeScope();
        var scales = reference.ToDictionary(r => r.Key, r => (double)r.Value.abs().max().item<float>());
        var floor = FloorFraction * scales.Values.DefaultIfEmpty(0).Max();
        var wrong = new List<string>();
        foreach (var (name, expected) in reference)
        {
            if (!actual.TryGetValue(name, out var value)) { wrong.Add($"no gradient for {Display(name)}"); continue; }
            var difference = (double)(value - expected).abs().max().item<float>();
            var allowed = Tolerance * Math.Max(scales[name], floor) + 1e-12;
            if (!(difference <= allowed)) wrong.Add($"gradient of {Display(name)} off by {difference:G3} (largest {scales[name]:G3})");
        }
        return wrong.Count == 0 ? null
            : string.Join("; ", wrong.Take(3)) + (wrong.Count > 3 ? $"; {wrong.Count - 3} more of {reference.Count} gradients" : $" ({wrong.Count} of {reference.Count} gradients)");
    }

    public static void Dispose(IReadOnlyDictionary<string, Tensor> gradients)
    {
        foreach (var g in gradients.Values) g.Dispose();
    }

    static string Display(string name) => name[(name.IndexOf(':') + 1)..];
}
