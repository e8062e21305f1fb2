using CrossModal.Core.Evaluation.Quality;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Evaluation.Quality;

/// <summary>The issue-17 measures on hand-made inputs whose answers are worked out in the comments.</summary>
public class QualityMetricTests
{
    static readonly string[] Names = ["zero", "one"];

    [Fact]
    public void PairwiseDistancesAreExact()
    {
        // Points 0, 3, 4 on a line: pairs 3, 4, 1 → mean 8/3.
        float[][] rows = [[0f], [3f], [4f]];
        Assert.Equal(8.0 / 3, FeatureDistances.MeanPairwise(rows), 12);
        Assert.Equal(5, FeatureDistances.Between([0f, 0f], [3f, 4f]), 12);
        Assert.True(double.IsNaN(FeatureDistances.MeanPairwise([[1f]])));
        // Groups 0, 0, 1: only the pairs (0,4) and (3,4) cross groups → (4 + 1) / 2.
        Assert.Equal(2.5, FeatureDistances.MeanPairwiseAcrossGroups(rows, [0, 0, 1]), 12);
        Assert.True(double.IsNaN(FeatureDistances.MeanPairwiseAcrossGroups(rows, [7, 7, 7])));
        // 2nd nearest other row: of 0 → 4, of 3 → 3, of 4 → 4.
        Assert.Equal([4.0, 3.0, 4.0], FeatureDistances.KthNeighbourDistances(rows, 2));
        Assert.Throws<InvalidInputException>(() => FeatureDistances.KthNeighbourDistances(rows, 3));
        Assert.Throws<InvalidInputException>(() => FeatureDistances.Between([1f], [1f, 2f]));
    }

    [Fact]
    public void VarietyIsWithinSoundSpreadOverRealSpreadAcrossPieces()
    {
        // Instrument 0: real scenes at 0 and 2 (piece 1) and 4 (piece 2). Pairs across pieces: |0-4| = 4, |2-4| = 2 → 3
        // (the same-piece pair 0-2 does not count). Sounds spread 1.5 and 0 → mean 0.75 → R = 0.25.
        // Instrument 1: real 10 (piece 3) and 11 (piece 4) → 1; one sound with spread 0.5 → R = 0.5. Overall: (0.25 + 0.5) / 2.
        var real = new List<(int, int, float[])> { (0, 1, [0f]), (0, 1, [2f]), (0, 2, [4f]), (1, 3, [10f]), (1, 4, [11f]) };
        var r = VarietyRatio.Compute("line", [(0, 1.5), (0, 0.0), (1, 0.5)], real, Names);
        Assert.Equal(0.25, r.PerInstrument[0].Ratio, 12);
        Assert.Equal(3, r.PerInstrument[0].RealAcrossPieces, 12);
        Assert.Equal(2, r.PerInstrument[0].Sounds);
        Assert.Equal(0.5, r.PerInstrument[1].Ratio, 12);
        Assert.Equal(0.375, r.Overall, 12);
        Assert.Equal(["zero", "one"], r.PerInstrument.Select(p => p.Instrument));
    }

    [Fact]
    public void VarietyRefusesWhatItCannotMeasure()
    {
        var onePiece = new List<(int, int, float[])> { (0, 1, [0f]), (0, 1, [2f]) };
        Assert.Contains("two pieces", Assert.Throws<InvalidInputException>(() => VarietyRatio.Compute("x", [(0, 1.0)], onePiece, Names)).Message);
        Assert.Throws<InvalidInputException>(() => VarietyRatio.Compute("x", [(0, double.NaN)], onePiece, Names));
        Assert.Throws<InvalidInputException>(() => VarietyRatio.Compute("x", [], onePiece, Names));
    }

    [Fact]
    public void CoverageAndDensityFollowNaeemEtAl()
    {
        // Real points 0..9 on a line, k = 2: the end points' balls reach 2, every inner point's reaches 1.
        var real = Enumerable.Range(0, 10).Select(i => new[] { (float)i }).ToList();
        // One generated sample at 0 lies in the balls of 0 (radius 2) and 1 (radius 1, distance 1), not of 2 (radius 1,
        // distance 2): coverage 2/10, density 2 / (k * 1) = 1.
        var one = CoverageDensity.Compute(real, [[0f]], k: 2);
        Assert.Equal(0.2, one.Coverage, 12);
        Assert.Equal(1.0, one.Density, 12);
        // The real set itself covers everything.
        Assert.Equal(1.0, CoverageDensity.Compute(real, real, k: 2).Coverage, 12);
        // A sample far away covers nothing and is in no ball.
        var far = CoverageDensity.Compute(real, [[100f]], k: 2);
        Assert.Equal((0.0, 0.0), (far.Coverage, far.Density));
        // Mode collapse onto one real point: density can be high while coverage stays low.
        var collapsed = CoverageDensity.Compute(real, Enumerable.Repeat(new[] { 5f }, 10).ToList(), k: 2);
        Assert.Equal(0.3, collapsed.Coverage, 12); // balls of 4, 5 and 6
        Assert.Equal(1.5, collapsed.Density, 12); // 10 samples x 3 balls / (2 x 10)
    }

    [Fact]
    public void CoverageAcrossPiecesReachesOverAPiecesOwnNearCopies()
    {
        // Two pieces of 3 near-identical frames each, at 0 and at 10. Plain k = 2 balls are a piece's own spread (radius
        // at most 0.2), so a generated scene at 5, between the pieces, covers nothing; balls across pieces reach the
        // other piece (radius about 10), and it covers every frame.
        var real = new List<float[]> { new[] { 0f }, new[] { 0.1f }, new[] { 0.2f }, new[] { 10f }, new[] { 10.1f }, new[] { 10.2f } };
        int[] pieces = [7, 7, 7, 9, 9, 9];
        Assert.Equal(0.0, CoverageDensity.Compute(real, [[5f]], k: 2).Coverage, 12);
        var across = CoverageDensity.Compute(real, [[5f]], k: 2, realPieces: pieces);
        Assert.Equal(1.0, across.Coverage, 12);
        Assert.Equal(6 / 2.0, across.Density, 12); // one sample in all 6 balls, / (k * 1)
        // Radii: the 2nd nearest frame of the other piece (0 → 10.1, 0.2 → 9.9, 10 → 9.9, 10.2 → 10.1).
        Assert.Equal([10.1, 10.0, 9.9, 9.9, 10.0, 10.1], FeatureDistances.KthNeighbourDistances(real, 2, pieces).Select(r => Math.Round(r, 5)));
        // Fewer frames outside a piece than k: refused, as is a piece list of the wrong length.
        Assert.Contains("another group", Assert.Throws<InvalidInputException>(() => FeatureDistances.KthNeighbourDistances(real, 4, pieces)).Message);
        Assert.Throws<InvalidInputException>(() => FeatureDistances.KthNeighbourDistances(real, 2, [1, 2]));
        // Per instrument, the pieces follow their rows.
        var rows = real.Select(r => (0, r)).Concat(real.Select(r => (1, new[] { r[0] + 100 }))).ToList();
        var summary = CoverageSummary.Compute("line", rows, [(0, [5f]), (1, [0f])], Names, k: 2, realPieces: [.. pieces, .. pieces]);
        Assert.Equal([1.0, 0.0], summary.PerInstrument.Select(p => p.Coverage));
    }

    [Fact]
    public void CoverageSummaryIsPerInstrumentAndAveraged()
    {
        var real = Enumerable.Range(0, 10).SelectMany(i => new[] { (0, new[] { (float)i }), (1, new[] { 50f + i }) }).ToList();
        var generated = new List<(int, float[])> { (0, [0f]), (1, [200f]) };
        var s = CoverageSummary.Compute("line", real, generated, Names, k: 2);
        Assert.Equal(0.2, s.PerInstrument[0].Coverage, 12);
        Assert.Equal(0.0, s.PerInstrument[1].Coverage, 12);
        Assert.Equal(0.1, s.Coverage, 12);
        Assert.Contains("more than 2 real samples", Assert.Throws<InvalidInputException>(() =>
            CoverageSummary.Compute("line", real.Take(4).ToList(), generated, Names, k: 2)).Message);
    }

    [Fact]
    public void NoiseShareSplitsVarianceExactly()
    {
        // h = c + z with c, z each ±1: Var_z = 1 for every condition, total variance 2 → share 0.5.
        using var both = tensor(new float[] { -2, 0, 0, 2 }, [2, 2, 1]);
        Assert.Equal(0.5, NoiseShare.FromActivations(both), 12);
        // Only the condition changes h: share 0. Only z: share 1.
        using var conditionOnly = tensor(new float[] { -1, -1, 1, 1 }, [2, 2, 1]);
        Assert.Equal(0.0, NoiseShare.FromActivations(conditionOnly), 12);
        using var noiseOnly = tensor(new float[] { -1, 1, -1, 1 }, [2, 2, 1]);
        Assert.Equal(1.0, NoiseShare.FromActivations(noiseOnly), 12);
        // Units add up: a second unit driven only by z (variance 4) → (1 + 4) / (2 + 4).
        using var twoUnits = tensor(new float[] { -2, -2, 0, 2, 0, -2, 2, 2 }, [2, 2, 2]);
        Assert.Equal(5.0 / 6, NoiseShare.FromActivations(twoUnits), 12);
        using var oneDraw = zeros(3, 1, 4);
        Assert.Throws<InvalidInputException>(() => NoiseShare.FromActivations(oneDraw));
    }

    [Fact]
    public void RandomFeatureSpaceIsFixedBySeedAndShapeChecked()
    {
        using var x = rand([3, 3, 64, 64], generator: new Generator(5)) * 2 - 1;
        using var a = new RandomFeatureSpace(3);
        using var b = new RandomFeatureSpace(3);
        using var other = new RandomFeatureSpace(3, seed: 99);
        var fa = a.Features(x);
        Assert.Equal(3, fa.Length);
        Assert.All(fa, row => Assert.Equal(a.Dimension, row.Length));
        Assert.Equal(1024, a.Dimension);
        Assert.Equal(fa, b.Features(x));
        Assert.NotEqual(fa[0], other.Features(x)[0]);
        // Different images land at different places.
        Assert.True(FeatureDistances.Between(fa[0], fa[1]) > 0);
        using var lms = randn([2, 1, 128, 44]);
        using var sound = new RandomFeatureSpace(1);
        Assert.Equal(2, sound.Features(lms).Length);
        Assert.Throws<InvalidInputException>(() => a.Features(lms));
    }

    [Fact]
    public void PixelSpaceAveragesTwoByTwo()
    {
        using var image = zeros(1, 3, 64, 64);
        image[0, 0, 0, 0] = tensor(1f); // one bright pixel in the top-left 2x2 block of red
        var row = PixelSpace.Features(image)[0];
        Assert.Equal(3 * 32 * 32, row.Length);
        Assert.Equal(0.25f, row[0]);
        Assert.Equal(0f, row[1]);
        using var wrong = zeros(1, 3, 32, 32);
        Assert.Throws<InvalidInputException>(() => PixelSpace.Features(wrong));
    }
}
