using CrossModal.Core.Evaluation;

namespace CrossModal.Core.Tests.Pose;

public class PoseCorrelationTests
{
    [Fact]
    public void PearsonHasItsKnownValues()
    {
        Assert.Equal(1.0, PoseCorrelation.Pearson([1, 2, 3, 4], [10, 20, 30, 40])!.Value, 12);
        Assert.Equal(-1.0, PoseCorrelation.Pearson([1, 2, 3, 4], [0.9, 0.7, 0.5, 0.3])!.Value, 12);
        // x = 1..4, y = 1, 3, 2, 4: cov 4/4, var 5/4 each → r = 0.8.
        Assert.Equal(0.8, PoseCorrelation.Pearson([1, 2, 3, 4], [1, 3, 2, 4])!.Value, 12);
        // Uncorrelated by construction: y is symmetric about x's mean.
        Assert.Equal(0.0, PoseCorrelation.Pearson([1, 2, 3, 4, 5], [1, 0, -1, 0, 1])!.Value, 12);
    }

    [Fact]
    public void AParameterThatDoesNotVaryHasNoCorrelation()
    {
        // Predicting the mean pose (a constant) reads nothing: no r, neither 0 nor NaN.
        Assert.Null(PoseCorrelation.Pearson([0.4, 0.4, 0.4], [0.1, 0.5, 0.9]));
        Assert.Null(PoseCorrelation.Pearson([0.1, 0.5, 0.9], [1, 1, 1]));
        Assert.Null(PoseCorrelation.Pearson([0.3], [0.2]));
    }

    [Fact]
    public void PerParameterAndPerInstrumentKeepParametersAndInstrumentsApart()
    {
        double[][] truth = [[0.1, 0.5], [0.2, 0.5], [0.3, 0.5], [0.9, 0.1], [0.5, 0.2], [0.1, 0.3]];
        double[][] read = [[0.1, 0.2], [0.2, 0.4], [0.3, 0.6], [0.1, 0.1], [0.5, 0.2], [0.9, 0.3]];
        var r = PoseCorrelation.PerParameter(read, truth);
        Assert.Equal(2, r.Length);
        // Pooled over both instruments the first parameter looks unrelated; within each it is exact (+1, then −1).
        var per = PoseCorrelation.PerInstrument(read, truth, [1, 1, 1, 12, 12, 12]).ToList();
        Assert.Equal(["cello", "violin"], per.Select(p => p.Instrument));
        Assert.Equal(1.0, per[0].R[0]!.Value, 12);
        Assert.Null(per[0].R[1]);                        // the cello's second parameter never moves
        Assert.Equal(-1.0, per[1].R[0]!.Value, 12);
        Assert.Equal(1.0, per[1].R[1]!.Value, 12);
        Assert.True(Math.Abs(r[0]!.Value) < 0.5);
    }

    [Fact]
    public void MismatchedOrNonFiniteInputIsRefused()
    {
        Assert.Throws<InvalidInputException>(() => PoseCorrelation.Pearson([1, 2], [1, 2, 3]));
        Assert.Throws<InvalidInputException>(() => PoseCorrelation.Pearson([1, double.NaN, 3], [1, 2, 3]));
        Assert.Throws<InvalidInputException>(() => PoseCorrelation.PerParameter([[0.1, 0.2]], [[0.1, 0.2]]));
        Assert.Throws<InvalidInputException>(() => PoseCorrelation.PerParameter([[0.1, 0.2], [0.3]], [[0.1, 0.2], [0.3, 0.4]]));
        Assert.Throws<InvalidInputException>(() => PoseCorrelation.PerInstrument([[0.1], [0.2]], [[0.1], [0.2]], [1]).ToList());
    }
}
