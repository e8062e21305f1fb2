using CrossModal.Core.Training;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Training;

public class GanLossesTests
{
    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    [Fact]
    public void DiscriminatorLossIsNegativeGanClsObjective()
    {
        double[] r = [2.0, -0.5], f = [-1.0, 0.3], w = [0.7, -2.0];
        using var real = tensor(r); using var fake = tensor(f); using var wrong = tensor(w);
        // D maximises log Sr + (log(1 − Sw) + log(1 − Sf)) / 2, averaged over the batch.
        var objective = Enumerable.Range(0, 2).Average(i =>
            Math.Log(Sigmoid(r[i])) + (Math.Log(1 - Sigmoid(w[i])) + Math.Log(1 - Sigmoid(f[i]))) / 2);
        using var loss = GanLosses.Discriminator(real, fake, wrong);
        Assert.Equal(-objective, loss.item<double>(), 10);
    }

    [Fact]
    public void WithoutWrongTermDiscriminatorLossIsS2INObjective()
    {
        double[] r = [2.0, -0.5], f = [-1.0, 0.3];
        using var real = tensor(r); using var fake = tensor(f);
        var objective = Enumerable.Range(0, 2).Average(i => Math.Log(Sigmoid(r[i])) + Math.Log(1 - Sigmoid(f[i])));
        using var loss = GanLosses.Discriminator(real, fake, null);
        Assert.Equal(-objective, loss.item<double>(), 10);
    }

    [Fact]
    public void GeneratorLossIsNegativeLogSf()
    {
        double[] f = [-1.0, 0.3, 4.0];
        using var fake = tensor(f);
        using var loss = GanLosses.Generator(fake);
        Assert.Equal(-f.Average(x => Math.Log(Sigmoid(x))), loss.item<double>(), 10);
    }

    [Fact]
    public void ExtremeLogitsStayFinite()
    {
        using var real = tensor(new[] { -200.0 }); using var fake = tensor(new[] { 200.0 });
        using var loss = GanLosses.Discriminator(real, fake, fake);
        Assert.True(double.IsFinite(loss.item<double>()));
        Assert.Equal(400.0, loss.item<double>(), 6);
    }

    [Fact]
    public void AuxiliaryClassLossIsMeanNegativeLogSoftmaxOfTheTrueClass()
    {
        double[][] logits = [[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]];
        long[] truth = [0, 1];
        using var l = tensor(logits.SelectMany(r => r).ToArray(), [2, 3]);
        using var y = tensor(truth);
        var expected = Enumerable.Range(0, 2).Average(i =>
            -(logits[i][truth[i]] - Math.Log(logits[i].Sum(Math.Exp))));
        using var loss = GanLosses.AuxiliaryClass(l, y);
        Assert.Equal(expected, loss.item<double>(), 10);
    }
}
