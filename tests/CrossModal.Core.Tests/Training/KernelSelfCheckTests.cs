using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Training;

/// <summary>
/// The kernel self-check judges kernels, not the float32 noise of a whole network: correct kernels pass on a full-size
/// GAN step, and a kernel with a wrong gradient (but a right output) is caught by its layer. Serial: it switches
/// libtorch's process-wide kernel choice.
/// </summary>
[Collection(SerialTrainingCollection.Name)]
public sealed class KernelSelfCheckTests
{
    /// <summary>
    /// The S2I-C networks at the starter widths, batch 64, on a loss like the one the GAN trainer checks. Before the check
    /// went layer by layer it refused oneDNN on 4 of the first 5 such runs of bench fast-path-check (16-22 of 32 gradients
    /// "off" by up to 0.7 %): ReLU kinks that two correct float32 computations put on different sides of zero, as float64
    /// showed (bench gradient-agreement).
    /// </summary>
    [Fact]
    public void CorrectKernelsPassOnAFullSizeGanStep()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var config = new GanConfig();
        var (g, d) = (new S2IGenerator(config), new S2IDiscriminator(config, 13));
        const int batch = 64;
        var conditions = randn(batch, config.EmbeddingSize);
        var images = rand(batch, 3, 64, 64) * 2 - 1;
        Tensor Loss()
        {
            using var draws = new torch.Generator(1234);
            var fake = g.call(conditions, randn([batch, g.NoiseSize], generator: draws));
            var scores = cat([d.call(fake, conditions), d.call(images, conditions)]);
            return (scores * randn(scores.shape, generator: draws)).sum();
        }

        Assert.Null(KernelSelfCheck.Disagreement([g, d], Loss));
    }

    [Fact]
    public void AKernelWithAWrongGradientButARightOutputIsCaughtAtItsLayer()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        var net = nn.Sequential(nn.Linear(8, 8), nn.ReLU(), new WrongGradientOnOneDnn(8), nn.Linear(8, 1));
        var x = randn(16, 8);

        var wrong = KernelSelfCheck.Disagreement([net], () => net.call(x).sum());

        Assert.NotNull(wrong);
        Assert.Contains(nameof(WrongGradientOnOneDnn), wrong);
        Assert.Contains("input off by", wrong);
        Assert.True(net.parameters().All(p => p.grad is null || p.grad.abs().max().item<float>() == 0), "the check left gradients behind");
    }

    [Fact]
    public void ItPutsBackBuffersAndTheKernelChoice()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var net = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU());
        var x = randn(5, 3, 8, 8);
        var running = net.buffers().Select(b => b.clone()).ToList();
        var before = LibTorchContext.OneDnn;

        Assert.Null(KernelSelfCheck.Disagreement([net], () => net.call(x).sum()));

        Assert.Equal(before, LibTorchContext.OneDnn);
        foreach (var (now, then) in net.buffers().Zip(running)) Assert.True(now.eq(then).all().item<bool>());
    }

    /// <summary>A stand-in for a faulty backward kernel: multiplies by a weight; its gradient is 2 % off whenever oneDNN is on.</summary>
    sealed class WrongGradientOnOneDnn : nn.Module<Tensor, Tensor>
    {
        readonly TorchSharp.Modules.Parameter weight;

        public WrongGradientOnOneDnn(long size) : base(nameof(WrongGradientOnOneDnn))
        {
            weight = nn.Parameter(rand(size) + 0.5);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            var y = x * weight;
            // Same value, 1.02x the gradient: y + 0.02 (y - y) where only the first y carries a gradient.
            return LibTorchContext.OneDnn ? y + 0.02 * (y - y.detach()) : y;
        }
    }
}
