using CrossModal.Core.Imaging;
using CrossModal.Core.Models;
using CrossModal.Core.Tests.Models;
using CrossModal.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Training;

/// <summary>
/// The stronger S2I pieces put together as a trainer would: per step one DiffAugment draw applied to real, fake and
/// wrong images in D's hinge step and to G's samples in G's step, mode seeking over two noise draws from one forward
/// pass, then the weight average. Not a convergence test: a few steps on random data must stay finite and move
/// every trainable weight.
/// </summary>
public class ProjectionGanSmokeTests
{
    private static Tensor Flat(nn.Module m) => cat(m.parameters().Select(p => p.detach().flatten()).ToArray());

    [Fact]
    public void AFewHingeModeSeekingDiffAugmentStepsStayFiniteAndMoveTheWeights()
    {
        using var g = new UpsamplingS2IGenerator(TinyConfigs.Gan);
        using var d = new ProjectionDiscriminator(TinyConfigs.Gan, auxiliaryClasses: 3);
        using var averaged = new UpsamplingS2IGenerator(TinyConfigs.Gan);
        var average = new GeneratorWeightAverage(g, averaged);
        using var random = new Generator(17);
        using var conditions = randn([8, 128], generator: random);
        using var real = rand([8, 3, 64, 64], generator: random) * 2 - 1;
        using var wrong = real.roll(1, 0); // each real image with the next sample's sound
        using var labels = tensor(new long[] { 0, 1, 2, 0, 1, 2, 0, 1 });
        var policy = new DiffAugmentPolicy();
        using var optG = optim.Adam(g.parameters(), 2e-4, 0.5, 0.999);
        using var optD = optim.Adam(d.parameters(), 2e-4, 0.5, 0.999);
        using var gBefore = Flat(g);
        var gParametersBefore = g.parameters().Select(p => p.detach().clone()).ToList();
        var dParametersBefore = d.parameters().Select(p => p.detach().clone()).ToList();
        using var uBefore = cat(d.buffers().ToArray());
        g.train(); d.train();

        for (var step = 0; step < 3; step++)
        {
            using var scope = NewDisposeScope();
            var augment = policy.Draw(8, 64, 64, random);
            var z1 = randn([8, 8], generator: random);
            var z2 = randn([8, 8], generator: random);
            var samples = g.call(cat([conditions, conditions]), cat([z1, z2]));
            var fake = samples[..8];
            var fake2 = samples[8..];

            optD.zero_grad();
            var (sr, realClasses) = d.Judge(augment.Apply(real), conditions);
            var (sf, fakeClasses) = d.Judge(augment.Apply(fake.detach()), conditions);
            var sw = d.call(augment.Apply(wrong), conditions);
            var classLoss = GanLosses.AuxiliaryClass(realClasses!, labels) + GanLosses.AuxiliaryClass(fakeClasses!, full_like(labels, 3));
            var lossD = HingeLosses.Discriminator(sr, sf, sw) + 0.1 * classLoss;
            lossD.backward();
            optD.step();

            optG.zero_grad();
            using (FrozenParameters.Of(d))
            {
                var modeSeeking = ModeSeekingLoss.Compute(fake, fake2, z1, z2);
                var lossG = HingeLosses.Generator(d.call(augment.Apply(fake), conditions)) + modeSeeking;
                lossG.backward();
                Assert.True(float.IsFinite(modeSeeking.item<float>()));
                Assert.True(float.IsFinite(lossG.item<float>()), $"G's loss at step {step}");
            }
            Assert.True(float.IsFinite(lossD.item<float>()), $"D's loss at step {step}");
            optG.step();
            average.Update(0.5);
        }

        using var check = NewDisposeScope();
        Assert.True(GuardedUpdate.GradientsFinite(g) && GuardedUpdate.GradientsFinite(d));
        Assert.True(Flat(g).isfinite().all().item<bool>() && Flat(d).isfinite().all().item<bool>());
        // Adam moves every parameter that got a gradient: all of G's and D's, the class head included.
        foreach (var (start, current) in gParametersBefore.Zip(g.parameters())) Assert.False(start.equal(current).all().item<bool>(), "a G weight did not move");
        foreach (var (start, current) in dParametersBefore.Zip(d.parameters())) Assert.False(start.equal(current).all().item<bool>(), "a D weight did not move");
        Assert.False(cat(d.buffers().ToArray()).allclose(uBefore), "the spectral norms' estimates did not advance");
        // The average lies between the start and the current weights, equal to neither.
        var now = Flat(g);
        var mean = Flat(averaged);
        Assert.False(mean.allclose(now) || mean.allclose(gBefore));

        average.RecalibrateBatchNorm(conditions, batches: 2, batchSize: 4, seed: 3);
        averaged.eval();
        var image = averaged.call(conditions, randn([8, 8], generator: random));
        Assert.True(image.isfinite().all().item<bool>());
        foreach (var t in gParametersBefore.Concat(dParametersBefore)) t.Dispose();
    }
}
