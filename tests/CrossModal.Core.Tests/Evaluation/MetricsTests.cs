using CrossModal.Core.Evaluation;
using CrossModal.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Evaluation;

public class MetricsTests
{
    [Fact]
    public void ConfusionAndPerClassAccuracy()
    {
        var r = ClassificationReport.From([0, 0, 1, 1, 1, 2], [0, 1, 1, 1, 0, 2], 4);
        Assert.Equal(4.0 / 6, r.Accuracy, 12);
        Assert.Equal(1, r.Confusion[0, 1]);
        Assert.Equal(2, r.Confusion[1, 1]);
        Assert.Equal([0.5, 2.0 / 3, 1.0], r.PerClassAccuracy[..3]);
        Assert.True(double.IsNaN(r.PerClassAccuracy[3]));
        Assert.Equal([2, 3, 1, 0], r.Support);
        Assert.Throws<InvalidInputException>(() => ClassificationReport.From([0, 5], [0, 0], 4));
    }

    [Fact]
    public void FrechetOfIdenticalSetsIsZero()
    {
        using var x = randn([200, 16], generator: new Generator(1));
        Assert.Equal(0, FrechetDistance.Between(x, x), 6);
    }

    [Fact]
    public void FrechetOfShiftedSetIsSquaredShift()
    {
        using var x = randn([100, 8], generator: new Generator(2));
        using var shift = tensor(new float[] { 1, -2, 0, 0, 3, 0, 0, 0.5f });
        using var y = x + shift;
        Assert.Equal(1 + 4 + 9 + 0.25, FrechetDistance.Between(x, y), 3);
    }

    [Fact]
    public void FrechetOfDiagonalGaussiansMatchesClosedForm()
    {
        // Diagonal covariances: sum (sqrt a_i - sqrt b_i)^2 + |mu1 - mu2|^2.
        double[] a = [1, 4, 9], b = [4, 1, 0.25];
        using var mu1 = tensor(new double[] { 0, 0, 0 });
        using var mu2 = tensor(new double[] { 1, 0, 2 });
        using var c1 = diag(tensor(a));
        using var c2 = diag(tensor(b));
        var expected = 5 + a.Zip(b).Sum(p => Math.Pow(Math.Sqrt(p.First) - Math.Sqrt(p.Second), 2));
        Assert.Equal(expected, FrechetDistance.FromStatistics(mu1, c1, mu2, c2), 9);
    }

    [Fact]
    public void FrechetOfNonCommutingCovariancesMatchesReference()
    {
        // C1 = [[2,1],[1,2]], C2 = diag(1,4): Tr sqrtm(C1 C2) = sqrt(tr + 2 sqrt(det)) for 2x2 with real spectrum.
        using var mu = zeros(2, dtype: ScalarType.Float64);
        using var c1 = tensor(new double[,] { { 2, 1 }, { 1, 2 } });
        using var c2 = tensor(new double[,] { { 1, 0 }, { 0, 4 } });
        double tr = 2 * 1 + 2 * 4, det = 3 * 4;
        var expected = 4 + 5 - 2 * Math.Sqrt(tr + 2 * Math.Sqrt(det));
        Assert.Equal(expected, FrechetDistance.FromStatistics(mu, c1, mu, c2), 9);
    }

    [Fact]
    public void FrechetRefusesBadSets()
    {
        using var one = zeros(1, 4);
        using var four = zeros(5, 4);
        using var three = zeros(5, 3);
        Assert.Throws<InvalidInputException>(() => FrechetDistance.Between(one, four));
        Assert.Throws<InvalidInputException>(() => FrechetDistance.Between(four, three));
    }

    [Fact]
    public void DiversityEntropies()
    {
        var uniformConfident = DiversityScore.FromProbabilities([[1, 0], [0, 1]]);
        Assert.Equal(Math.Log(2), uniformConfident.MarginalEntropy, 12);
        Assert.Equal(0, uniformConfident.MeanSampleEntropy, 12);
        var collapsed = DiversityScore.FromProbabilities([[0.5, 0.5], [0.5, 0.5]]);
        Assert.Equal(Math.Log(2), collapsed.MeanSampleEntropy, 12);
        Assert.Throws<InvalidInputException>(() => DiversityScore.FromProbabilities([[0.5, 0.6]]));
    }

    [Fact]
    public void PoseMae()
    {
        var e = PoseError.Between([[1, 2], [3, 4]], [[1, 0], [0, 4]]);
        Assert.Equal([1.5, 1.0], e.PerParameter);
        Assert.Equal(1.25, e.MeanAbsoluteError);
        Assert.Throws<InvalidInputException>(() => PoseError.Between([[1]], [[1, 2]]));
    }
}
