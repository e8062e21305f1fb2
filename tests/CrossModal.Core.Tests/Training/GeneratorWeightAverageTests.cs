using CrossModal.Core.Models;
using CrossModal.Core.Tests.Models;
using CrossModal.Core.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Training;

public sealed class GeneratorWeightAverageTests : IDisposable
{
    // A fresh pair per test (xunit makes one instance per test): the generator being trained and the one holding the average.
    private readonly UpsamplingS2IGenerator source = new(TinyConfigs.Gan), average = new(TinyConfigs.Gan);

    public void Dispose()
    {
        source.Dispose();
        average.Dispose();
    }

    /// <summary>Sets every parameter of the source to <paramref name="value"/> and starts the average from it.</summary>
    private GeneratorWeightAverage StartAt(double value)
    {
        Fill(source, value);
        return new GeneratorWeightAverage(source, average);
    }

    private static void Fill(nn.Module m, double value)
    {
        using var _ = no_grad();
        foreach (var p in m.parameters()) p.fill_(value);
    }

    private static void AssertAllParameters(nn.Module m, double expected)
    {
        foreach (var (name, p) in m.named_parameters())
            Assert.True(p.allclose(full_like(p, expected), atol: 1e-6), $"{name} is not {expected}");
    }

    private static Tensor Flat(nn.Module m) => cat(m.parameters().Select(p => p.detach().flatten()).ToArray());

    [Fact]
    public void StartsAsACopyAndDecayZeroCopiesTheCurrentWeights()
    {
        var ema = StartAt(0.3);
        AssertAllParameters(average, 0.3);
        Fill(source, -0.7);
        ema.Update(0);
        AssertAllParameters(average, -0.7);
    }

    [Fact]
    public void DecayOneLeavesTheAverageAsItIs()
    {
        var ema = StartAt(0.3);
        Fill(source, 5);
        ema.Update(1);
        AssertAllParameters(average, 0.3);
    }

    [Fact]
    public void TwoUpdatesFollowTheExponentialAverage()
    {
        var ema = StartAt(1);
        Fill(source, 3);
        ema.Update(0.5);  // 0.5 · 1 + 0.5 · 3 = 2
        AssertAllParameters(average, 2);
        Fill(source, -2);
        ema.Update(0.25); // 0.25 · 2 + 0.75 · (−2) = −1
        AssertAllParameters(average, -1);
        AssertAllParameters(source, -2); // the source is only read
    }

    [Fact]
    public void BuffersAreCopiedNotAveragedAndTheSourceIsUntouched()
    {
        var ema = new GeneratorWeightAverage(source, average);
        var norm = source.modules().OfType<BatchNorm2d>().First();
        using (no_grad()) norm.running_mean!.fill_(3);
        using var sourceWeights = Flat(source);
        ema.Update(0.9);
        var averagedNorm = average.modules().OfType<BatchNorm2d>().First();
        Assert.True(averagedNorm.running_mean!.allclose(full_like(averagedNorm.running_mean!, 3)));
        using var after = Flat(source);
        Assert.True(after.equal(sourceWeights).all().item<bool>());
        Assert.All(source.parameters(), p => Assert.Null(p.grad));
    }

    [Fact]
    public void CopyToWritesTheAverageIntoAnotherGenerator()
    {
        var ema = StartAt(0.25);
        using var served = new UpsamplingS2IGenerator(TinyConfigs.Gan);
        ema.CopyTo(served);
        AssertAllParameters(served, 0.25);
        using var wider = new UpsamplingS2IGenerator(TinyConfigs.Gan with { GeneratorFilters = 3 });
        Assert.Throws<InvalidInputException>(() => ema.CopyTo(wider));
        Assert.Throws<InvalidInputException>(() => new GeneratorWeightAverage(source, wider));
        Assert.Throws<InvalidInputException>(() => new GeneratorWeightAverage(source, source));
        Assert.Throws<InvalidInputException>(() => ema.Update(1.5));
    }

    [Fact]
    public void BatchNormIsReestimatedOnTheAveragedWeights()
    {
        var ema = new GeneratorWeightAverage(source, average);
        using var weightsBefore = Flat(average);
        var norm = average.modules().OfType<BatchNorm2d>().First();
        using var meanBefore = norm.running_mean!.clone();
        using var conditions = randn(10, 128);
        ema.RecalibrateBatchNorm(conditions, batches: 2, batchSize: 4, seed: 1);
        Assert.False(norm.running_mean!.allclose(meanBefore), "running statistics were not re-estimated");
        using var weightsAfter = Flat(average);
        Assert.True(weightsAfter.equal(weightsBefore).all().item<bool>());
    }
}
