using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CrossModal.Core.Models;

/// <summary>
/// Image-to-sound discriminator on [N, 1, 128, 34]: four 4x4 stride-2 convs (128x34 → 64x17 → 32x8 → 16x4 →
/// 8x2), then I2SDiscriminatorExtraLayers 3x3 convs (the paper found 12 extra layers helped; deeper than the
/// S2I discriminator either way), the condition replicated over 8x2 and concatenated, a 1x1 conv and an
/// 8x2 conv to the logit. With <c>auxiliaryClasses</c> K &gt; 0 a linear head on the 8x2x8f spectrogram features also
/// scores K + 1 classes: the K instruments and "generated" (index K), the AC-GAN head S2I's discriminator has
/// (<see cref="S2IDiscriminator"/>); like there it reads the sample only, not the condition, so it cannot echo it.
/// The paper's D has none.
/// </summary>
public sealed class I2SDiscriminator : ConditionalDiscriminator
{
    private readonly ConditionProjection condition;
    private readonly Sequential features, judge;
    private readonly Linear? classHead;
    private readonly GanConfig config;
    private readonly int auxiliaryClasses;

    public I2SDiscriminator(GanConfig config, int auxiliaryClasses = 0) : base(nameof(I2SDiscriminator))
    {
        config.Validate();
        if (auxiliaryClasses is < 0 or 1) throw new InvalidInputException($"an auxiliary class head needs at least 2 classes, got {auxiliaryClasses}");
        this.config = config;
        this.auxiliaryClasses = auxiliaryClasses;
        long f = config.DiscriminatorFilters;
        condition = new ConditionProjection(config.EmbeddingSize, config.ConditionSize);
        var layers = new List<Module<Tensor, Tensor>>
        {
            Conv2d(1, f, 4, stride: 2, padding: 1, bias: false), LeakyReLU(0.2),
            Conv2d(f, f * 2, 4, stride: 2, padding: 1, bias: false), BatchNorm2d(f * 2), LeakyReLU(0.2),
            Conv2d(f * 2, f * 4, 4, stride: 2, padding: 1, bias: false), BatchNorm2d(f * 4), LeakyReLU(0.2),
            Conv2d(f * 4, f * 8, 4, stride: 2, padding: 1, bias: false), BatchNorm2d(f * 8), LeakyReLU(0.2),
        };
        for (var i = 0; i < config.I2SDiscriminatorExtraLayers; i++)
            layers.AddRange([Conv2d(f * 8, f * 8, 3, padding: 1, bias: false), BatchNorm2d(f * 8), LeakyReLU(0.2)]);
        features = Sequential(layers);
        judge = Sequential(
            Conv2d(f * 8 + config.ConditionSize, f * 8, 1, stride: 1, bias: false), BatchNorm2d(f * 8), LeakyReLU(0.2),
            new MatrixConv2d(f * 8, 1, (8, 2)));
        RegisterComponents();
        DcganInit.Apply(this);
        // Only created when asked for, and last of all (after the DCGAN draws, registered by hand): a D without it keeps
        // the paper's parameters, names and initial weights (its stored weights load), and a D with it starts from the
        // same weights as one without wherever the two agree, so a step with the class loss differs from one without by
        // the head and its loss, not by other initial draws.
        if (auxiliaryClasses > 0)
        {
            classHead = Linear(f * 8 * 8 * 2, auxiliaryClasses + 1);
            register_module(nameof(classHead), classHead);
        }
    }

    public override int EmbeddingSize => config.EmbeddingSize;
    public override long[] SampleShape => [1, I2SGenerator.OutputHeight, I2SGenerator.OutputWidth];
    public override int AuxiliaryClasses => auxiliaryClasses;

    public override Tensor forward(Tensor lms, Tensor embedding)
    {
        using var scope = NewDisposeScope();
        return Logit(Features(lms), embedding).MoveToOuterDisposeScope();
    }

    /// <summary>The logit and, with a class head, the class logits [N, K + 1] from one pass over the spectrogram (features computed once).</summary>
    public override DiscriminatorJudgement Judge(Tensor lms, Tensor embedding)
    {
        if (classHead is null) return new(call(lms, embedding), null);
        using var scope = NewDisposeScope();
        var h = Features(lms);
        return new(Logit(h, embedding).MoveToOuterDisposeScope(), classHead.call(h.flatten(1)).MoveToOuterDisposeScope());
    }

    private Tensor Features(Tensor lms)
    {
        ModelShapes.Expect(lms, "I2S discriminator", 1, I2SGenerator.OutputHeight, I2SGenerator.OutputWidth);
        return features.call(lms);
    }

    private Tensor Logit(Tensor h, Tensor embedding)
    {
        var c = DcganInit.Tile(condition.call(embedding), 8, 2);
        return judge.call(cat([h, c], 1)).flatten();
    }
}
