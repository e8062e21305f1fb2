namespace CrossModal.Core.Evaluation.Quality;

/// <summary>
/// Density and coverage of generated samples against real ones (Naeem, Oh, Uh, Choi and Yoo, "Reliable Fidelity and
/// Diversity Metrics for Generative Models", ICML 2020). Each real sample gets a ball reaching its k-th nearest real
/// neighbour. Coverage = share of real balls that hold at least one generated sample (how much of the real variety the
/// generator reaches; 1 for a generator that matches the data). Density = mean number of real balls a generated sample
/// falls in, divided by k (≈ 1 when generated samples lie where real ones are dense; it can exceed 1).
/// </summary>
public sealed record CoverageDensity(double Coverage, double Density, int RealN, int GeneratedN, int K)
{
    public const int DefaultK = 5;

    /// <param name="realPieces">
    /// The piece of each real sample, or null. Given, a real sample's ball reaches its k-th nearest real sample of
    /// <em>another</em> piece: Naeem et al. assume independent real samples, and frames of one piece (one player, outfit,
    /// background and camera) are not, so without it the balls are the spread of one piece and coverage rewards
    /// reproducing the test pieces themselves rather than reaching the variety of scenes.
    /// </param>
    public static CoverageDensity Compute(IReadOnlyList<float[]> real, IReadOnlyList<float[]> generated, int k = DefaultK, IReadOnlyList<int>? realPieces = null)
    {
        if (generated.Count == 0) throw new InvalidInputException("no generated samples for coverage and density");
        var radii = FeatureDistances.KthNeighbourDistances(real, k, realPieces);
        var covered = new bool[real.Count];
        long inside = 0;
        foreach (var g in generated)
            for (var i = 0; i < real.Count; i++)
            {
                if (FeatureDistances.Between(real[i], g) > radii[i]) continue;
                covered[i] = true;
                inside++;
            }
        return new CoverageDensity(covered.Count(c => c) / (double)real.Count, inside / ((double)k * generated.Count),
            real.Count, generated.Count, k);
    }
}
