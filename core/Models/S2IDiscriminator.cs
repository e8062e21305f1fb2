using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CrossModal.Core.Models;

/// <summary>
/// Sound-to-image discriminator (GAN-CLS): 64x64x3 → convs 4x4 stride 2 (leaky ReLU 0.2, batch norm from
/// the second) → 4x4x8f; the projected condition is replicated over the 4x4 grid and concatenated, a 1x1
/// conv mixes them, a 4x4 conv gives the logit. With <c>auxiliaryClasses</c> K &gt; 0 a linear head on the 4x4x8f image
/// features also scores K + 1 classes: the K instruments and "generated" (index K), an AC-GAN head (Odena et al.
/// 2017) in the K+1 form of semi-supervised GANs (Salimans et al. 2016). With <c>poseParameters</c> P &gt; 0 another
/// linear head on those features reads the player's pose (the pose models': trained on real frames to regress their
/// pose, it pushes G to draw the pose of the sound's note). The paper's D has neither.
/// </summary>
public sealed class S2IDiscriminator : ImageDiscriminator
{
    private readonly ConditionProjection condition;
    private readonly Sequential features, judge;
    private readonly Linear? classHead;
    private readonly Linear? poseHead;
    private readonly int poseParameters;

    public S2IDiscriminator(GanConfig config, int auxiliaryClasses = 0, int poseParameters = 0) : base(nameof(S2IDiscriminator), config, auxiliaryClasses)
    {
        if (poseParameters is < 0 or > 64) throw new InvalidInputException($"a pose head reads 1..64 parameters (0: none), got {poseParameters}");
        this.poseParameters = poseParameters;
        long f = config.DiscriminatorFilters;
        condition = new ConditionProjection(config.EmbeddingSize, config.ConditionSize);
        features = Sequential(
            Conv2d(3, f, 4, stride: 2, padding: 1, bias: false), LeakyReLU(0.2),
            Conv2d(f, f * 2, 4, stride: 2, padding: 1, bias: false), BatchNorm2d(f * 2), LeakyReLU(0.2),
            Conv2d(f * 2, f * 4, 4, stride: 2, padding: 1, bias: false), BatchNorm2d(f * 4), LeakyReLU(0.2),
            Conv2d(f * 4, f * 8, 4, stride: 2, padding: 1, bias: false), BatchNorm2d(f * 8), LeakyReLU(0.2));
        judge = Sequential(
            Conv2d(f * 8 + config.ConditionSize, f * 8, 1, stride: 1, bias: false), BatchNorm2d(f * 8), LeakyReLU(0.2),
            new MatrixConv2d(f * 8, 1, (4, 4)));
        // Only created when asked for: a D without it keeps the paper's parameters (and its stored weights load).
        if (auxiliaryClasses > 0) classHead = Linear(f * 8 * 4 * 4, auxiliaryClasses + 1);
        RegisterComponents();
        DcganInit.Apply(this);
        // Unlike the class head (drawn before the DCGAN init, as it was first written), the pose head is made last, after
        // the DCGAN draws, and registered by hand: a D with it starts from the same weights as one without, so a pose arm
        // with the head differs from one without by the head and its loss alone.
        if (poseParameters > 0)
        {
            poseHead = Linear(f * 8 * 4 * 4, poseParameters);
            register_module(nameof(poseHead), poseHead);
        }
    }

    public override int PoseParameters => poseParameters;

    protected internal override Tensor Features(Tensor image)
    {
        ModelShapes.Expect(image, "S2I discriminator", 3, 64, 64);
        return features.call(image);
    }

    protected override Tensor Logit(Tensor h, Tensor embedding)
    {
        var c = DcganInit.Tile(condition.call(embedding), 4, 4);
        return judge.call(cat([h, c], 1)).flatten();
    }

    protected override Tensor ClassLogits(Tensor h) => classHead!.call(h.flatten(1));

    protected override Tensor PoseReading(Tensor h) => poseHead!.call(h.flatten(1));
}
