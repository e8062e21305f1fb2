using CrossModal.Core.Imaging;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Tests.Models;
using CrossModal.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Training;

/// <summary>
/// The stronger S2I generator's switches in <see cref="GanTrainer"/> (issue 17 §2): all off, the trainer must be
/// GAN-CLS as it was, bit for bit; each switch on must change what is trained; an EMA run resumes exactly; a retried
/// update reuses its step's DiffAugment draw.
/// Serial: the tests seed torch's global generator and build networks from it, which a test running beside them could
/// reseed in between (and theirs).
/// </summary>
[Collection(SerialTrainingCollection.Name)]
public class GanTrainerSwitchesTests
{
    static GanTrainingData TinyData()
    {
        var g = new Generator(42);
        var conditions = randn([8, 128], generator: g);
        var targets = rand([8, 3, 64, 64], generator: g) * 2 - 1;
        return new GanTrainingData(conditions, targets, [0, 0, 1, 1, 2, 2, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8]);
    }

    static GanTrainingOptions Off(int epochs = 2, string? dir = null) =>
        new() { Epochs = epochs, BatchSize = 4, Seed = 7, CheckpointDirectory = dir, WrongPairs = WrongPairRule.OtherInstrument };

    /// <summary>Fresh tiny networks, all with the weights <paramref name="seed"/> draws.</summary>
    static (ConditionalGenerator G, ConditionalDiscriminator D) Networks(long seed = 11, bool upsampling = false, bool projection = false)
    {
        manual_seed(seed);
        var architecture = new S2IArchitecture
        {
            Generator = upsampling ? S2IArchitecture.Upsampling : S2IArchitecture.Dcgan,
            Discriminator = projection ? S2IArchitecture.Projection : S2IArchitecture.Dcgan,
        };
        return (architecture.NewGenerator(TinyConfigs.Gan), architecture.NewDiscriminator(TinyConfigs.Gan, 0));
    }

    static IEnumerable<(string Name, Tensor Value)> State(nn.Module m) =>
        m.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(m.named_buffers());

    /// <summary>Same shape and every element equal: bit for bit, no tolerance.</summary>
    internal static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    static void AssertIdentical(nn.Module expected, nn.Module actual, string what)
    {
        foreach (var ((name, a), (_, b)) in State(expected).Zip(State(actual)))
            Assert.True(Same(a, b), $"{what}: {name} differs");
    }

    static bool Differs(nn.Module a, nn.Module b) => a.parameters().Zip(b.parameters()).Any(p => !Same(p.First, p.Second));

    /// <summary>
    /// GAN-CLS as the trainer ran it before the switches, written out from the same public pieces (epoch plan, wrong-pair
    /// sampler, noise stream, guarded updates, D frozen for G's update): the reference the switched trainer must equal.
    /// </summary>
    static void ReferenceGanCls(ConditionalGenerator g, ConditionalDiscriminator d, GanTrainingData data, GanTrainingOptions o)
    {
        var sampler = new WrongPairSampler(o.WrongPairs, data.Labels, data.PieceIds);
        using var optG = optim.Adam(g.parameters(), o.LearningRate, o.Beta1, 0.999);
        using var optD = optim.Adam(d.parameters(), o.LearningRate, o.Beta1, 0.999);
        g.train(); d.train();
        nn.Module[] both = [g, d];
        for (var epoch = 1; epoch <= o.Epochs; epoch++)
        {
            using var noise = new Generator((ulong)Seeding.Derive(o.Seed, "gan-noise", epoch));
            var wrongRandom = Seeding.Stream(o.Seed, "wrong-pairs", epoch);
            var plan = EpochPlan.Batches(data.Count, o.BatchSize, o.Seed, epoch);
            for (var step = 1; step <= plan.Count; step++)
            {
                using var scope = NewDisposeScope();
                var rows = tensor(plan[step - 1].Select(i => (long)i).ToArray());
                var wrongRows = tensor(sampler.Sample(plan[step - 1], wrongRandom)!.Select(i => (long)i).ToArray());
                Tensor c = null!, fake = null!;
                void Draw()
                {
                    c = data.Conditions.index_select(0, rows);
                    fake = g.call(c, randn([plan[step - 1].Length, g.NoiseSize], generator: noise));
                }
                GuardedUpdate.Run("d", epoch, step, optD, d, both, _ =>
                {
                    Draw();
                    return GanLosses.Discriminator(d.call(data.Targets.index_select(0, rows), c), d.call(fake.detach(), c),
                        d.call(data.Targets.index_select(0, wrongRows), c));
                });
                using (FrozenParameters.Of(d))
                    GuardedUpdate.Run("g", epoch, step, optG, g, both, attempt =>
                    {
                        if (attempt > 1) Draw();
                        return GanLosses.Generator(d.call(fake, c));
                    });
            }
        }
    }

    [Fact]
    public void WithEverySwitchOffTheTrainerIsGanClsAsItWasBitForBit()
    {
        using var data = TinyData();
        var (gRef, dRef) = Networks();
        ReferenceGanCls(gRef, dRef, data, Off());
        var (g, d) = Networks();
        // The switches spelt out at their off values: the same as leaving them out.
        var off = Off() with
        {
            Loss = AdversarialLoss.GanCls, Beta2 = 0.999, ModeSeekingWeight = 0, DiffAugment = null, EmaDecay = 0, DiscriminatorSteps = 1,
        };
        new GanTrainer(g, d, off).Train(data);
        AssertIdentical(gRef, g, "generator");
        AssertIdentical(dRef, d, "discriminator");
        var (g0, _) = Networks();
        Assert.True(Differs(g0, g), "training moved no weight: the comparison would be vacuous");
    }

    public static TheoryData<string> Switches => ["hinge", "beta2", "mode-seeking", "diff-augment", "ema", "discriminator-steps", "projection", "upsampling"];

    [Theory]
    [MemberData(nameof(Switches))]
    public void EachSwitchChangesWhatIsTrained(string name)
    {
        using var data = TinyData();
        var upsampling = name == "upsampling";
        var projection = name == "projection";
        // The EMA switch needs batch-norm recalibration, which moves G's running statistics: its "off" run has it too.
        var off = name == "ema" ? Off() with { BatchNormRecalibrationBatches = 2 } : Off();
        var options = name switch
        {
            "hinge" or "projection" => off with { Loss = AdversarialLoss.Hinge },
            "beta2" => off with { Beta2 = 0.9 },
            "mode-seeking" => off with { ModeSeekingWeight = 1 },
            "diff-augment" => off with { DiffAugment = new DiffAugmentPolicy() },
            "ema" => off with { EmaDecay = 0.5 },
            "discriminator-steps" => off with { DiscriminatorSteps = 2 },
            "upsampling" => off,
            _ => throw new ArgumentException(name),
        };
        var (g, d) = Networks(upsampling: upsampling, projection: projection);
        var (average, _) = Networks(seed: 99, upsampling: upsampling);
        var trainer = new GanTrainer(g, d, options) { AverageGenerator = average };
        var result = trainer.Train(data);
        Assert.True(double.IsFinite(result.LastEpochLosses["d"]) && double.IsFinite(result.LastEpochLosses["g"]), name);
        if (projection || upsampling)
        {
            // A network switch changes the networks, so what is checked is that the new ones are used and trained.
            var (fresh, _) = Networks(upsampling: upsampling, projection: projection);
            Assert.True(Differs(fresh, g));
            Assert.Equal(upsampling ? typeof(UpsamplingS2IGenerator) : typeof(S2IGenerator), g.GetType());
            Assert.Equal(projection ? typeof(ProjectionDiscriminator) : typeof(S2IDiscriminator), d.GetType());
            return;
        }
        var (gOff, dOff) = Networks();
        new GanTrainer(gOff, dOff, off).Train(data);
        if (name == "ema")
        {
            // The trained G follows the same path as without EMA; what is published is the average.
            AssertIdentical(gOff, g, "trained generator");
            Assert.Same(average, trainer.Published);
            Assert.True(Differs(g, average), "the average equals the last iterate");
            return;
        }
        Assert.True(Differs(gOff, g), $"{name} left G's weights as they were");
    }

    [Fact]
    public void AResumedRunWithAWeightAverageEndsAsAnUninterruptedOne()
    {
        using var tmp = new TempDir();
        using var data = TinyData();
        var options = Off(2) with
        {
            EmaDecay = 0.8, BatchNormRecalibrationBatches = 2, ModeSeekingWeight = 1, DiffAugment = new DiffAugmentPolicy(),
            Loss = AdversarialLoss.Hinge, Beta1 = 0, Beta2 = 0.9,
        };
        var (ga, da) = Networks(upsampling: true, projection: true);
        var (aa, _) = Networks(seed: 1, upsampling: true);
        new GanTrainer(ga, da, options) { AverageGenerator = aa }.Train(data);

        var (gb, db) = Networks(upsampling: true, projection: true);
        var (ab, _) = Networks(seed: 2, upsampling: true);
        new GanTrainer(gb, db, options with { Epochs = 1, CheckpointDirectory = tmp.Path }) { AverageGenerator = ab }.Train(data);
        // A fresh process: networks with other initial weights, the same checkpoint folder.
        var (gc, dc) = Networks(seed: 5, upsampling: true, projection: true);
        var (ac, _) = Networks(seed: 6, upsampling: true);
        var resumed = new GanTrainer(gc, dc, options with { CheckpointDirectory = tmp.Path }) { AverageGenerator = ac }.Train(data);

        Assert.Equal(1, resumed.ResumedAfterEpoch);
        AssertIdentical(ga, gc, "generator");
        AssertIdentical(da, dc, "discriminator");
        AssertIdentical(aa, ac, "weight average");
        // and the checkpoint of another EMA decay is not resumed into this run
        var (gd, dd) = Networks(upsampling: true, projection: true);
        Assert.Contains("different run", Assert.Throws<InvalidInputException>(() =>
            new GanTrainer(gd, dd, options with { EmaDecay = 0.9, CheckpointDirectory = tmp.Path }) { AverageGenerator = Networks(upsampling: true).G }.Train(data)).Message);
    }

    [Fact]
    public void WithMoreDiscriminatorStepsThanBatchesGIsStillUpdatedAtTheEndOfEachEpoch()
    {
        using var data = TinyData();
        var (g, d) = Networks();
        var result = new GanTrainer(g, d, Off(1) with { DiscriminatorSteps = 5 }).Train(data);
        Assert.True(double.IsFinite(result.LastEpochLosses["g"]));
        Assert.True(Differs(Networks().G, g));
    }

    [Fact]
    public void TheAverageWarmsUpSoAShortRunIsNotAnAverageOfTheRandomInitialWeights()
    {
        using var data = TinyData();
        var (g, d) = Networks();
        var (initial, _) = Networks();
        var (average, _) = Networks(seed: 99);
        // Two G updates at decay 0.999: without the warm-up the average would be 99.8 % the initial weights; with it
        // (decays 0.1, then 2/11) the initial weights keep 1.8 %.
        new GanTrainer(g, d, Off(1) with { EmaDecay = 0.999, BatchNormRecalibrationBatches = 1 }) { AverageGenerator = average }.Train(data);
        static double Distance(nn.Module a, nn.Module b) =>
            a.parameters().Zip(b.parameters()).Sum(p => (p.First - p.Second).square().sum().item<float>());
        Assert.True(Distance(average, g) < Distance(average, initial), "the average stayed by the initial weights");
    }

    [Fact]
    public void AnEmaNeedsAnAverageGeneratorAndBatchNormRecalibration()
    {
        using var data = TinyData();
        var (g, d) = Networks();
        Assert.Contains("AverageGenerator", Assert.Throws<InvalidInputException>(() =>
            new GanTrainer(g, d, Off() with { EmaDecay = 0.9, BatchNormRecalibrationBatches = 1 }).Train(data)).Message);
        Assert.Contains("recalibration", Assert.Throws<InvalidInputException>(() => (Off() with { EmaDecay = 0.9 }).Validate()).Message);
        Assert.Throws<InvalidInputException>(() => (Off() with { EmaDecay = 1 }).Validate());
        Assert.Throws<InvalidInputException>(() => (Off() with { Beta2 = 1 }).Validate());
        Assert.Throws<InvalidInputException>(() => (Off() with { DiscriminatorSteps = 0 }).Validate());
        Assert.Throws<InvalidInputException>(() => (Off() with { ModeSeekingWeight = -1 }).Validate());
    }

    /// <summary>Records every image batch D is shown; its first call's logits are NaN, so the first D update is retried.</summary>
    sealed class FlakyDiscriminator : ConditionalDiscriminator
    {
        readonly S2IDiscriminator inner;
        public readonly List<Tensor> Seen = [];
        public FlakyDiscriminator() : base("flaky") { inner = new S2IDiscriminator(TinyConfigs.Gan); RegisterComponents(); }
        public override int EmbeddingSize => inner.EmbeddingSize;
        public override long[] SampleShape => inner.SampleShape;
        public override Tensor forward(Tensor x, Tensor e)
        {
            Seen.Add(x.detach().clone().DetachFromDisposeScope());
            var logits = inner.call(x, e);
            return Seen.Count == 1 ? logits * float.NaN : logits;
        }
    }

    [Fact]
    public void ARetriedUpdateReusesItsStepsDiffAugmentDraw()
    {
        using var data = TinyData();
        manual_seed(3);
        var g = new S2IGenerator(TinyConfigs.Gan);
        var d = new FlakyDiscriminator();
        var retriedBefore = GuardedUpdate.RetriedUpdates;
        // One step (8 pairs, batch 8): D attempt 1 sees real, fake, wrong (NaN), attempt 2 the same three, then G's update.
        new GanTrainer(g, d, Off(1) with { BatchSize = 8, DiffAugment = new DiffAugmentPolicy() }).Train(data);

        Assert.True(GuardedUpdate.RetriedUpdates > retriedBefore);
        Assert.Equal(7, d.Seen.Count);
        // The retry's real and wrong batches went through the same translation and cutout as the failed attempt's.
        Assert.True(Same(d.Seen[0], d.Seen[3]), "the retried attempt drew another transform for the real images");
        Assert.True(Same(d.Seen[2], d.Seen[5]), "the retried attempt drew another transform for the wrong images");
        // and the images really were augmented: a 32x32 cutout zeroes a quarter of each image's pixels (or less, clipped).
        using var zeros = d.Seen[0].eq(0).sum();
        Assert.True(zeros.item<long>() >= 8 * 3 * 16 * 16, "no cutout in the real images D saw");
        Assert.False(Same(d.Seen[0], data.Targets.index_select(0, tensor(EpochPlan.Batches(8, 8, 7, 1)[0].Select(i => (long)i).ToArray()))));
        foreach (var t in d.Seen) t.Dispose();
    }
}
