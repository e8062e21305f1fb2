using CrossModal.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Models;

public class NetworkShapeTests
{
    [Theory]
    [InlineData(3, 128, 44)]
    [InlineData(4, 128, 44)]
    [InlineData(4, 257, 44)] // e.g. an STFT representation with more bins
    public void SoundClassifierGivesEmbeddingAndLogits(int convLayers, int height, int width)
    {
        using var model = new SoundClassifier(TinyConfigs.Sound(convLayers) with { InputHeight = height, InputWidth = width });
        model.eval();
        using var x = randn(4, 1, height, width);
        var (e, logits) = model.EmbedAndClassify(x);
        Assert.Equal([4L, 128], e.shape);
        Assert.Equal([4L, 13], logits.shape);
        using var f = model.call(x);
        Assert.True(f.allclose(logits));
        e.Dispose(); logits.Dispose();
    }

    [Fact]
    public void SoundClassifierPenaltyIsHalfSumOfSquaredFcWeightsTimesCoefficient()
    {
        using var model = new SoundClassifier(TinyConfigs.Sound());
        var expected = model.named_parameters().Where(p => p.name.StartsWith("fc") && p.name.EndsWith("weight"))
            .Sum(p => p.parameter.square().sum().item<float>()) * 0.015 / 2;
        Assert.Equal(3, model.named_parameters().Count(p => p.name.StartsWith("fc") && p.name.EndsWith("weight")));
        using var penalty = model.RegularisationPenalty();
        Assert.Equal(expected, penalty.item<float>(), 4);
    }

    [Fact]
    public void ImageClassifierGivesEmbeddingAndLogits()
    {
        using var model = new ImageClassifier(TinyConfigs.Image);
        using var x = randn(4, 3, 64, 64);
        var (e, logits) = model.EmbedAndClassify(x);
        Assert.Equal([4L, 128], e.shape);
        Assert.Equal([4L, 13], logits.shape);
        e.Dispose(); logits.Dispose();
    }

    [Fact]
    public void AutoencoderShrinksTo120x36AndEmbedsTo128()
    {
        using var model = new StackedAutoencoder(TinyConfigs.Autoencoder);
        using var x = randn(4, 1, 128, 44);
        using var stack4Input = model.EncodeThrough(3, x);
        Assert.Equal([4L, 2, 122, 38], stack4Input.shape);
        using var e = model.Embed(x);
        Assert.Equal([4L, 128], e.shape);
        using var recon = model.call(x);
        Assert.Equal(x.shape, recon.shape);
        Assert.Equal(120, model.Config.MapHeight);
        Assert.Equal(36, model.Config.MapWidth);
    }

    [Fact]
    public void S2INetworksMakeAndJudge64x64Images()
    {
        using var g = new S2IGenerator(TinyConfigs.Gan);
        using var d = new S2IDiscriminator(TinyConfigs.Gan);
        using var e = randn(4, 128);
        using var z = randn(4, 8);
        using var img = g.call(e, z);
        Assert.Equal([4L, 3, 64, 64], img.shape);
        Assert.True(img.abs().max().item<float>() <= 1f);
        using var score = d.call(img, e);
        Assert.Equal([4L], score.shape);
    }

    [Fact]
    public void S2IDiscriminatorClassHeadIsOptionalAndScoresEveryClass()
    {
        using var plain = new S2IDiscriminator(TinyConfigs.Gan);
        using var withHead = new S2IDiscriminator(TinyConfigs.Gan, auxiliaryClasses: 13);
        using var img = rand(4, 3, 64, 64) * 2 - 1;
        using var e = randn(4, 128);
        var (logit, classes) = withHead.Judge(img, e);
        Assert.Equal([4L], logit.shape);
        Assert.Equal([4L, 14], classes!.shape); // 13 instruments + generated
        Assert.Null(plain.Judge(img, e).ClassLogits);
        // The paper's D is unchanged without the head: same parameter names, so stored weights still load.
        Assert.Equal(plain.named_parameters().Select(p => p.name),
            withHead.named_parameters().Select(p => p.name).Where(n => !n.StartsWith("classHead")));
        Assert.Throws<InvalidInputException>(() => new S2IDiscriminator(TinyConfigs.Gan, auxiliaryClasses: 1));
    }

    [Fact]
    public void I2SGeneratorOutputsExactly128x34()
    {
        using var g = new I2SGenerator(TinyConfigs.Gan);
        using var d = new I2SDiscriminator(TinyConfigs.Gan);
        using var e = randn(4, 128);
        using var z = randn(4, 8);
        using var lms = g.call(e, z);
        Assert.Equal([4L, 1, 128, 34], lms.shape);
        using var score = d.call(lms, e);
        Assert.Equal([4L], score.shape);
    }

    [Fact]
    public void I2SDiscriminatorIsDeeperThanS2IDiscriminator()
    {
        using var s2i = new S2IDiscriminator(TinyConfigs.Gan);
        using var i2s = new I2SDiscriminator(TinyConfigs.Gan);
        static int Convs(nn.Module m) => m.modules().Count(x => x is TorchSharp.Modules.Conv2d);
        Assert.True(Convs(i2s) > Convs(s2i), $"I2S D has {Convs(i2s)} convs, S2I D {Convs(s2i)}");
    }

    [Fact]
    public void WrongInputShapesAreRefusedByName()
    {
        using var sound = new SoundClassifier(TinyConfigs.Sound());
        using var bad = randn(2, 1, 64, 44);
        var ex = Assert.Throws<InvalidInputException>(() => sound.call(bad));
        Assert.Contains("[N,1,128,44]", ex.Message);
        using var d = new I2SDiscriminator(TinyConfigs.Gan);
        using var e = randn(2, 128);
        using var lms44 = randn(2, 1, 128, 44);
        Assert.Throws<InvalidInputException>(() => d.call(lms44, e));
        Assert.Throws<InvalidInputException>(() => new SoundClassifier(TinyConfigs.Sound() with { ConvLayers = 5 }));
        Assert.Throws<InvalidInputException>(() => new SoundClassifier(TinyConfigs.Sound() with { DropoutHidden = 1.0 }));
    }

    [Fact]
    public void LmsNormalisationMapsRangeToUnitAndBack()
    {
        var n = LmsNormalisation.Default;
        using var db = tensor(new float[] { -150, -100, -30, 40, 90 });
        using var unit = n.ToUnit(db);
        Assert.Equal(new float[] { -1, -1, 0, 1, 1 }, unit.data<float>().ToArray());
        using var back = n.ToDb(unit);
        Assert.Equal(new float[] { -100, -100, -30, 40, 40 }, back.data<float>().ToArray());
        using var lms = randn(2, 1, 128, 44);
        using var resized = LmsNormalisation.ResizeForI2S(lms);
        Assert.Equal([2L, 1, 128, 34], resized.shape);
        Assert.Throws<InvalidInputException>(() => new LmsNormalisation(10, 10).ToUnit(db));
        using var flat = full(new long[] { 2, 1, 128, 34 }, 0.5f);
        using var back44 = n.FromI2S(flat);
        Assert.Equal([2L, 1, 128, 44], back44.shape);
        Assert.True(back44.allclose(full(new long[] { 2, 1, 128, 44 }, 5f))); // 0.5 in [-1,1] = -100 + 1.5 * 70 dB
    }
}

/// <summary>
/// I2S's optional class head. Serial: the test seeds torch's global generator and builds two discriminators from it,
/// which a test running beside it could reseed or draw from in between.
/// </summary>
[Collection(CrossModal.Core.Tests.Training.SerialTrainingCollection.Name)]
public class I2SDiscriminatorClassHeadTests
{
    [Fact]
    public void I2SDiscriminatorClassHeadIsOptionalAndScoresEveryClassFromOnePass()
    {
        manual_seed(11);
        using var plain = new I2SDiscriminator(TinyConfigs.Gan);
        manual_seed(11);
        using var withHead = new I2SDiscriminator(TinyConfigs.Gan, auxiliaryClasses: 13);
        using var lms = rand(4, 1, 128, 34) * 2 - 1;
        using var e = randn(4, 128);
        var (logit, classes) = withHead.Judge(lms, e);
        using (logit) using (classes)
        {
            Assert.Equal([4L], logit.shape);
            Assert.Equal([4L, 14], classes!.shape); // 13 instruments + generated
            using var forward = withHead.call(lms, e);
            Assert.True(logit.allclose(forward), "Judge's logit is not forward's");
        }
        Assert.Equal((0, 13), (plain.AuxiliaryClasses, withHead.AuxiliaryClasses));
        var (plainLogit, none) = plain.Judge(lms, e);
        Assert.Null(none);
        // Without the head D is the paper's: the parameter names (so stored weights load) and count it always had.
        Assert.Equal(PaperI2SDiscriminatorParameters, plain.named_parameters().Select(p => p.name));
        // The head is drawn after the DCGAN initialisation: with one seed, both start from the same weights where they agree,
        // and judge alike (the head reads the features only).
        OptionalHeadAssertions.AddsOnlyTheHead(plain, withHead, "classHead");
        using (plainLogit) using (var headLogit = withHead.call(lms, e)) Assert.Equal(plainLogit.data<float>().ToArray(), headLogit.data<float>().ToArray());
        Assert.Throws<InvalidInputException>(() => new I2SDiscriminator(TinyConfigs.Gan, auxiliaryClasses: 1));
        Assert.Throws<InvalidInputException>(() => new I2SDiscriminator(TinyConfigs.Gan, auxiliaryClasses: -1));
    }

    /// <summary>The I2S discriminator's parameters at the tiny widths, as named before it had a class head.</summary>
    static readonly string[] PaperI2SDiscriminatorParameters =
    [
        "condition.fc.weight", "condition.fc.bias", "features.0.weight", "features.2.weight", "features.3.weight",
        "features.3.bias", "features.5.weight", "features.6.weight", "features.6.bias", "features.8.weight",
        "features.9.weight", "features.9.bias", "features.11.weight", "features.12.weight", "features.12.bias",
        "features.14.weight", "features.15.weight", "features.15.bias", "judge.0.weight", "judge.1.weight",
        "judge.1.bias", "judge.3.weight", "judge.3.bias"
    ];
}

public class DefaultWidthTests
{
    /// <summary>The counts published in docs/MODELS.md; a change of default widths must update the docs.</summary>
    [Fact]
    public void DefaultParameterCountsMatchTheDocs()
    {
        Assert.Equal(357_549, ModelSize.ParameterCount(new SoundClassifier(new SoundClassifierConfig())));
        Assert.Equal(320_493, ModelSize.ParameterCount(new SoundClassifier(new SoundClassifierConfig { ConvLayers = 3 })));
        Assert.Equal(1_155_933, ModelSize.ParameterCount(new ImageClassifier(new ImageClassifierConfig())));
        Assert.Equal(1_113_010, ModelSize.ParameterCount(new StackedAutoencoder(new AutoencoderConfig())));
        var gan = new GanConfig();
        Assert.Equal(1_370_624, ModelSize.ParameterCount(new S2IGenerator(gan)));
        Assert.Equal(785_345, ModelSize.ParameterCount(new S2IDiscriminator(gan)));
        Assert.Equal(1_509_248, ModelSize.ParameterCount(new I2SGenerator(gan)));
        Assert.Equal(1_964_993, ModelSize.ParameterCount(new I2SDiscriminator(gan)));
        // The optional class head (the 256x8x2 features → 14: the instruments and "generated") adds 4,096 x 14 + 14 = 57,358,
        // as S2I's; without it the count stays.
        Assert.Equal(1_964_993 + 57_358, ModelSize.ParameterCount(new I2SDiscriminator(gan, auxiliaryClasses: 13)));
    }
}

/// <summary>
/// The pose models' optional pose head on S2I's discriminator. Serial for the same reason as the I2S class head's test:
/// it seeds torch's global generator and builds two discriminators from it.
/// </summary>
[Collection(CrossModal.Core.Tests.Training.SerialTrainingCollection.Name)]
public class S2IDiscriminatorPoseHeadTests
{
    [Fact]
    public void ThePoseHeadReadsEveryParameterFromOnePassAndLeavesTheRestOfDAsItWas()
    {
        manual_seed(12);
        using var plain = new S2IDiscriminator(TinyConfigs.Gan);
        manual_seed(12);
        using var withHead = new S2IDiscriminator(TinyConfigs.Gan, poseParameters: 4);
        using var img = rand(3, 3, 64, 64) * 2 - 1;
        using var e = randn(3, 128);
        var judged = withHead.Judge(img, e);
        using (judged.Logit) using (judged.Pose)
        {
            Assert.Equal([3L], judged.Logit.shape);
            Assert.Equal([3L, 4], judged.Pose!.shape);
            Assert.Null(judged.ClassLogits);
            using var forward = withHead.call(img, e);
            Assert.True(judged.Logit.allclose(forward), "Judge's logit is not forward's");
        }
        Assert.Equal((0, 4), (plain.PoseParameters, withHead.PoseParameters));
        Assert.Null(plain.Judge(img, e).Pose);
        // Drawn after the DCGAN initialisation and registered last: same names, count and initial weights elsewhere.
        OptionalHeadAssertions.AddsOnlyTheHead(plain, withHead, "poseHead");
        // With both heads, one pass gives all three readings.
        using var both = new S2IDiscriminator(TinyConfigs.Gan, auxiliaryClasses: 13, poseParameters: 2);
        var all = both.Judge(img, e);
        Assert.Equal([3L, 14], all.ClassLogits!.shape);
        Assert.Equal([3L, 2], all.Pose!.shape);
        Assert.Throws<InvalidInputException>(() => new S2IDiscriminator(TinyConfigs.Gan, poseParameters: -1));
    }
}
