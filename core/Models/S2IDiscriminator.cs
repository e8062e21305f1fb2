using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CrossModal.Core.Models;

/// <summary>
/// Sound-to-image discriminator (GAN-CLS): 64x64x3 → convs 4x4 stride 2 (leaky ReLU 0.2, batch norm from
/// the second) → 4x4x8f; the projected condition is replicated over the 4x4 grid and concatenated, a 1x1
/// conv mixes them, a 4x4 conv gives the logit.
/// </summary>
public sealed class S2IDiscriminator : ConditionalDiscriminator
{
    private readonly ConditionProjection condition;
    private readonly Sequential features, judge;
    private readonly GanConfig config;

    public S2IDiscriminator(GanConfig config) : base(nameof(S2IDiscriminator))
    {
        config.Validate();
        this.config = config;
        long f = config.DiscriminatorFilters;
        condition = new ConditionProjection(config.EmbeddingSize, config.ConditionSize);
        features = Sequential(
            Conv2d(3, f, 4, stride: 2, padding: 1, bias: false), LeakyReLU(0.2),
            Conv2d(f, f * 2, 4, stride: 2, padding: 1, bias: false), BatchNorm2d(f * 2), LeakyReLU(0.2),
            Conv2d(f * 2, f * 4, 4, stride: 2, padding: 1, bias: false), BatchNorm2d(f * 4), LeakyReLU(0.2),
            Conv2d(f * 4, f * 8, 4, stride: 2, padding: 1, bias: false), BatchNorm2d(f * 8), LeakyReLU(0.2));
        judge = Sequential(
            Conv2d(f * 8 + config.ConditionSize, f * 8, 1, stride: 1, bias: false), BatchNorm2d(f * 8), LeakyReLU(0.2),
            Conv2d(f * 8, 1, 4, stride: 1, padding: 0L));
        RegisterComponents();
        DcganInit.Apply(this);
    }

    public override int EmbeddingSize => config.EmbeddingSize;
    public override long[] SampleShape => [3, 64, 64];

    public override Tensor forward(Tensor image, Tensor embedding)
    {
        ModelShapes.Expect(image, "S2I discriminator", 3, 64, 64);
        using var scope = NewDisposeScope();
        var h = features.call(image);
        var c = DcganInit.Tile(condition.call(embedding), 4, 4);
        return judge.call(cat([h, c], 1)).flatten().MoveToOuterDisposeScope();
    }
}
