using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Evaluation;

/// <summary>
/// Fréchet distance between Gaussians fitted to two feature sets (as in FID, here in an encoder's 128-d
/// embedding space): ||μ1 − μ2||² + Tr(C1 + C2 − 2 (C1 C2)^½). Tr (C1 C2)^½ is computed as Tr of the PSD square
/// root of the symmetric matrix C1^½ C2 C1^½ (same eigenvalues as C1 C2), via symmetric eigen-decompositions
/// in double precision with tiny negative eigenvalues (round-off) clamped to 0.
/// </summary>
public static class FrechetDistance
{
    /// <summary>Distance between feature sets [N1, D] and [N2, D] (N ≥ 2 each).</summary>
    public static double Between(Tensor features1, Tensor features2)
    {
        Check(features1, "first"); Check(features2, "second");
        if (features1.shape[1] != features2.shape[1])
            throw new InvalidInputException($"feature sets have different dimensions: {features1.shape[1]} and {features2.shape[1]}");
        using var scope = NewDisposeScope();
        var (mu1, c1) = MeanCov(features1.to_type(ScalarType.Float64));
        var (mu2, c2) = MeanCov(features2.to_type(ScalarType.Float64));
        return FromStatistics(mu1, c1, mu2, c2);
    }

    /// <summary>Distance between two Gaussians given means [D] and covariances [D, D] (float64).</summary>
    public static double FromStatistics(Tensor mu1, Tensor c1, Tensor mu2, Tensor c2)
    {
        using var scope = NewDisposeScope();
        var diff = (mu1 - mu2).square().sum().item<double>();
        var s1 = SqrtPsd(c1);
        var m = s1.matmul(c2).matmul(s1);
        var traceSqrt = EigenvaluesPsd(m).sqrt().sum().item<double>();
        var d = diff + c1.trace().item<double>() + c2.trace().item<double>() - 2 * traceSqrt;
        return Math.Max(0, d); // round-off can make an exact 0 come out as -1e-13
    }

    internal static (Tensor Mean, Tensor Cov) MeanCov(Tensor x)
    {
        var mean = x.mean([0]);
        var centered = x - mean;
        var cov = centered.T.matmul(centered) / (x.shape[0] - 1);
        return (mean, cov);
    }

    private static Tensor EigenvaluesPsd(Tensor symmetric)
    {
        var sym = (symmetric + symmetric.T) * 0.5;
        var (values, _) = linalg.eigh(sym);
        return values.clamp_min(0);
    }

    internal static Tensor SqrtPsd(Tensor symmetric)
    {
        var sym = (symmetric + symmetric.T) * 0.5;
        var (values, vectors) = linalg.eigh(sym);
        return (vectors * values.clamp_min(0).sqrt().unsqueeze(0)).matmul(vectors.T);
    }

    private static void Check(Tensor f, string which)
    {
        if (f.dim() != 2 || f.shape[0] < 2 || f.shape[1] < 1)
            throw new InvalidInputException($"{which} feature set must be [N>=2, D], got [{string.Join(",", f.shape)}]");
        using var finite = isfinite(f).all();
        if (!finite.item<bool>()) throw new InvalidInputException($"{which} feature set contains NaN or infinite values");
    }
}
