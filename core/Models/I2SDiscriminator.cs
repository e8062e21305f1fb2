using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CrossModal.Core.Models;

/// <summary>
/// Image-to-sound discriminator on [N, 1, 128, 34]: four 4x4 stride-2 convs (128x34 → 64x17 → 32x8 → 16x4 →
/// 8x2), then I2SDiscriminatorExtraLayers 3x3 convs (the paper found 12 extra layers helped; deeper than the
/// S2I discriminator either way), the condition replicated over 8x2 and concatenated, a 1x1 conv and an
/// 8x2 conv to the logit.
/// </summary>
public sealed class I2SDiscriminator : ConditionalDiscriminator
{
    private readonly ConditionProjection condition;
    private readonly Sequential features, judge;
    private readonly GanConfig config;

    public I2SDiscriminator(GanConfig config) : base(nameof(I2SDiscriminator))
    {
        config.Validate();
        this.config = config;
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
    }

    public override int EmbeddingSize => config.EmbeddingSize;
    public override long[] SampleShape => [1, I2SGenerator.OutputHeight, I2SGenerator.OutputWidth];

    public override Tensor forward(Tensor lms, Tensor embedding)
    {
        ModelShapes.Expect(lms, "I2S discriminator", 1, I2SGenerator.OutputHeight, I2SGenerator.OutputWidth);
        using var scope = NewDisposeScope();
        var h = features.call(lms);
        var c = DcganInit.Tile(condition.call(embedding), 8, 2);
        return judge.call(cat([h, c], 1)).flatten().MoveToOuterDisposeScope();
    }
}
