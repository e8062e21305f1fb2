using CrossModal.Core.Models;
using CrossModal.Core.Tests.Models;
using CrossModal.Core.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Training;

public class GeneratorWeightAverageTests
{
    private static UpsamplingS2IGenerator Tiny() => new(TinyProjectionGan.Config);

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

    [Fact]
    public void StartsAsACopyAndDecayZeroCopiesTheCurrentWeights()
    {
        using var source = Tiny();
        using var average = Tiny();
        Fill(source, 0.3);
        var ema = new GeneratorWeightAverage(source, average);
        AssertAllParameters(average, 0.3);
        Fill(source, -0.7);
        ema.Update(0);
        AssertAllParameters(average, -0.7);
    }

    [Fact]
    public void DecayOneLeavesTheAverageAsItIs()
    {
        using var source = Tiny();
        using var average = Tiny();
        Fill(source, 0.3);
        var ema = new GeneratorWeightAverage(source, average);
        Fill(source, 5);
        ema.Update(1);
        AssertAllParameters(average, 0.3);
    }

    [Fact]
    public void TwoUpdatesFollowTheExponentialAverage()
    {
        using var source = Tiny();
        using var average = Tiny();
        Fill(source, 1);
        var ema = new GeneratorWeightAverage(source, average);
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
        using var source = Tiny();
        using var average = Tiny();
        var ema = new GeneratorWeightAverage(source, average);
        var norm = source.modules().OfType<BatchNorm2d>().First();
        using (no_grad()) norm.running_mean!.fill_(3);
        using var sourceWeights = cat(source.parameters().Select(p => p.detach().flatten()).ToArray());
        ema.Update(0.9);
        var averagedNorm = average.modules().OfType<BatchNorm2d>().First();
        Assert.True(averagedNorm.running_mean!.allclose(full_like(averagedNorm.running_mean!, 3)));
        using var after = cat(source.parameters().Select(p => p.detach().flatten()).ToArray());
        Assert.True(after.equal(sourceWeights).all().item<bool>());
        Assert.All(source.parameters(), p => Assert.Null(p.grad));
    }

    [Fact]
    public void CopyToWritesTheAverageIntoAnotherGenerator()
    {
        using var source = Tiny();
        using var average = Tiny();
        using var served = Tiny();
        Fill(source, 0.25);
        var ema = new GeneratorWeightAverage(source, average);
        ema.CopyTo(served);
        AssertAllParameters(served, 0.25);
        using var wider = new UpsamplingS2IGenerator(TinyProjectionGan.Config with { GeneratorFilters = 3 });
        Assert.Throws<InvalidInputException>(() => ema.CopyTo(wider));
        Assert.Throws<InvalidInputException>(() => new GeneratorWeightAverage(source, wider));
        Assert.Throws<InvalidInputException>(() => ema.Update(1.5));
    }

    [Fact]
    public void BatchNormIsReestimatedOnTheAveragedWeights()
    {
        using var source = Tiny();
        using var average = Tiny();
        var ema = new GeneratorWeightAverage(source, average);
        using var weightsBefore = cat(average.parameters().Select(p => p.detach().flatten()).ToArray());
        var norm = average.modules().OfType<BatchNorm2d>().First();
        using var meanBefore = norm.running_mean!.clone();
        using var conditions = randn(10, 128);
        ema.RecalibrateBatchNorm(conditions, batches: 2, batchSize: 4, seed: 1);
        Assert.False(norm.running_mean!.allclose(meanBefore), "running statistics were not re-estimated");
        using var weightsAfter = cat(average.parameters().Select(p => p.detach().flatten()).ToArray());
        Assert.True(weightsAfter.equal(weightsBefore).all().item<bool>());
    }
}
