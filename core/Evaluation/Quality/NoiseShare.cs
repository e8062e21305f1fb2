using static TorchSharp.torch;

namespace CrossModal.Core.Evaluation.Quality;

/// <summary>
/// How much a generator's first layer listens to its noise z (issue 17's "z usage"): activations h(c, z) for C
/// conditions x M noise draws are split by the law of total variance into the part that changes with z for a fixed
/// condition (E_c Var_z h) and the total (Var_{c,z} h), each summed over units. The share is their ratio: 0 when z is
/// ignored, 1 when the condition is. Population variances (divide by the count), so the split is exact.
/// </summary>
public static class NoiseShare
{
    /// <param name="activations">[C, M, ...units] for C conditions and M noise draws each (C ≥ 1, M ≥ 2).</param>
    public static double FromActivations(Tensor activations)
    {
        if (activations.dim() < 3) throw new InvalidInputException($"activations must be [conditions, noise draws, units...], got [{string.Join(",", activations.shape)}]");
        if (activations.shape[1] < 2) throw new InvalidInputException("the noise share needs at least 2 noise draws per condition");
        using var scope = NewDisposeScope();
        var h = activations.to_type(ScalarType.Float64).flatten(2); // [C, M, U]
        var withinNoise = h.var(1, unbiased: false).mean([0]).sum().item<double>();
        var total = h.flatten(0, 1).var(0, unbiased: false).sum().item<double>();
        return total > 0 ? withinNoise / total : double.NaN;
    }
}
