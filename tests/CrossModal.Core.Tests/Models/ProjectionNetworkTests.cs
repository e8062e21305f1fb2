using CrossModal.Core.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Models;

public class ProjectionNetworkTests
{
    [Fact]
    public void UpsamplingGeneratorMakes64x64ImagesWithoutTransposedConvolutions()
    {
        using var g = new UpsamplingS2IGenerator(TinyConfigs.Gan);
        using var e = randn(4, 128);
        using var z = randn(4, 8);
        using var img = g.call(e, z);
        Assert.Equal([4L, 3, 64, 64], img.shape);
        Assert.True(img.abs().max().item<float>() <= 1f);
        Assert.Equal([3L, 64, 64], g.SampleShape);
        Assert.Empty(g.modules().OfType<ConvTranspose2d>());
        Assert.Equal(4, g.modules().OfType<Upsample>().Count());
    }

    [Fact]
    public void FirstLayerIsTheLinearMapOfNoiseAndConditionBeforeBatchNorm()
    {
        using var g = new UpsamplingS2IGenerator(TinyConfigs.Gan);
        g.eval();
        using var scope = NewDisposeScope();
        var e = randn(3, 128);
        var z = randn(3, 8);
        IFirstLayerProbe probe = g;
        var h = probe.FirstLayer(e, z);
        Assert.Equal([3L, 16, 4, 4], h.shape); // 8f channels at 4x4
        // Linear (no bias): h(z1) − h(z2) depends on z only, the same for every condition.
        var z2 = randn(3, 8);
        var other = randn(3, 128);
        var d1 = probe.FirstLayer(e, z) - probe.FirstLayer(e, z2);
        var d2 = probe.FirstLayer(other, z) - probe.FirstLayer(other, z2);
        Assert.True(d1.allclose(d2, atol: 1e-5));
        Assert.True(d1.abs().max().item<float>() > 0, "z does not reach the first layer");
    }

    [Fact]
    public void ProjectionDiscriminatorScoresAndHasNoBatchNorm()
    {
        using var d = new ProjectionDiscriminator(TinyConfigs.Gan);
        using var img = rand(4, 3, 64, 64) * 2 - 1;
        using var e = randn(4, 128);
        using var score = d.call(img, e);
        Assert.Equal([4L], score.shape);
        Assert.Empty(d.modules().OfType<BatchNorm2d>());
        // Every weight of the critic is spectrally normalised: no plain convolution or linear layer without a class head.
        Assert.Empty(d.modules().OfType<Conv2d>());
        Assert.Empty(d.modules().OfType<Linear>());
        Assert.Equal(6, d.modules().OfType<SpectrallyNormalisedLayer>().Count());
        var (logit, classes) = d.Judge(img, e);
        Assert.Null(classes);
        logit.Dispose();
    }

    [Fact]
    public void ScoreIsUnconditionalTermPlusInnerProductOfProjectedEmbeddingAndFeatures()
    {
        using var d = new ProjectionDiscriminator(TinyConfigs.Gan);
        d.eval(); // the spectral norms' estimates stay fixed, so every pass uses the same weights
        using var scope = NewDisposeScope();
        var img = rand(3, 3, 64, 64) * 2 - 1;
        var e = randn(3, 128);
        var layers = d.named_modules().ToDictionary(m => m.name, m => m.module);
        var psi = (SNLinear)layers["unconditional"];
        var p = (SNLinear)layers["projection"];
        var phi = d.Features(img);
        Assert.Equal([3L, 16], phi.shape);
        // By hand: ψ(φ) = wψ·φ + b, P e = W_P e, score = ψ(φ) + Σ_k (W_P e)_k φ_k.
        var expected = phi.matmul(psi.NormalisedWeight().t()).flatten() + psi.Bias! + e.matmul(p.NormalisedWeight().t()).mul(phi).sum(1);
        Assert.True(d.call(img, e).allclose(expected, rtol: 1e-4, atol: 1e-4));
        // The condition enters linearly: D(x, e1 + e2) − D(x, e1) − D(x, e2) + D(x, 0) = 0.
        var e2 = randn(3, 128);
        var mix = d.call(img, e + e2) - d.call(img, e) - d.call(img, e2) + d.call(img, zeros_like(e));
        Assert.True(mix.abs().max().item<float>() < 1e-3 * d.call(img, e).abs().max().item<float>() + 1e-4);
    }

    [Fact]
    public void ProjectionDiscriminatorClassHeadIsOptionalAndScoresEveryClass()
    {
        using var d = new ProjectionDiscriminator(TinyConfigs.Gan, auxiliaryClasses: 13);
        d.eval();
        using var scope = NewDisposeScope();
        var img = rand(4, 3, 64, 64) * 2 - 1;
        var e = randn(4, 128);
        var (logit, classes) = d.Judge(img, e);
        Assert.Equal(13, d.AuxiliaryClasses);
        Assert.Equal([4L, 14], classes!.shape);
        Assert.True(logit.allclose(d.call(img, e), atol: 1e-5));
        using var plain = new ProjectionDiscriminator(TinyConfigs.Gan);
        Assert.Equal(plain.parameters().Sum(t => t.numel()) + 16 * 14 + 14, d.parameters().Sum(t => t.numel()));
        Assert.Throws<InvalidInputException>(() => new ProjectionDiscriminator(TinyConfigs.Gan, auxiliaryClasses: 1));
    }

    [Fact]
    public void WrongShapesAreNamed()
    {
        using var d = new ProjectionDiscriminator(TinyConfigs.Gan);
        using var g = new UpsamplingS2IGenerator(TinyConfigs.Gan);
        using var img = zeros(2, 3, 32, 32);
        using var e = zeros(2, 128);
        Assert.Throws<InvalidInputException>(() => d.call(img, e));
        using var z = zeros(2, 5);
        Assert.Throws<InvalidInputException>(() => g.call(e, z));
    }
}
