using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CrossModal.Core.Models;

/// <summary>
/// Sound-to-image generator with nearest-neighbour upsampling: [z ; projected condition] → linear → 4x4x8f (batch
/// norm, ReLU) → four blocks of (nearest ×2 upsample, 3x3 conv, batch norm, ReLU) to 8x8x4f, 16x16x2f, 32x32xf and
/// 64x64xf → 3x3 conv → tanh, 64x64x3. Why not <see cref="S2IGenerator"/>'s 4x4 stride-2 transposed convolutions:
/// each output pixel of those is a sum over a parity-dependent subset of kernel taps, so unless the learnt kernels
/// balance those subsets exactly the output alternates pixel by pixel — the checkerboards in S2I-C's samples; after a
/// nearest-neighbour upsampling every output pixel of a 3x3 convolution uses all its taps alike (Odena et al. 2016,
/// "Deconvolution and checkerboard artifacts"). The condition projection is
/// GAN-CLS's (FC + leaky ReLU), so the two generators differ only in how they draw. Reads the same
/// <see cref="GanConfig"/> fields as S2IGenerator (embedding, condition and noise sizes, generator filters f); at the
/// default f = 32 it costs about what S2IGenerator does per sample.
/// </summary>
public sealed class UpsamplingS2IGenerator : ImageGenerator, IFirstLayerProbe
{
    private readonly ConditionProjection condition;
    private readonly Linear input;
    private readonly Sequential body;

    public UpsamplingS2IGenerator(GanConfig config) : base(nameof(UpsamplingS2IGenerator), config)
    {
        long f = config.GeneratorFilters;
        condition = new ConditionProjection(config.EmbeddingSize, config.ConditionSize);
        // No bias: batch norm follows and would cancel it.
        input = Linear(config.NoiseSize + config.ConditionSize, f * 8 * 4 * 4, hasBias: false);
        body = Sequential(
            BatchNorm2d(f * 8), ReLU(),
            UpsamplingBlock(f * 8, f * 4),
            UpsamplingBlock(f * 4, f * 2),
            UpsamplingBlock(f * 2, f),
            UpsamplingBlock(f, f),
            // 3 output channels, computed as 16: oneDNN computes this layer's input gradient wrong otherwise.
            new BlockAlignedConv2d(f, 3, 3, padding: 1), Tanh());
        RegisterComponents();
        DcganInit.Apply(this);
    }

    public override Tensor forward(Tensor embedding, Tensor z)
    {
        using var scope = NewDisposeScope();
        return body.call(FirstLayer(embedding, z)).MoveToOuterDisposeScope();
    }

    /// <summary>The linear layer's output as the 4x4x8f map, before batch norm: where z and the condition meet.</summary>
    public Tensor FirstLayer(Tensor embedding, Tensor z)
    {
        using var scope = NewDisposeScope();
        var h = input.call(NoiseAndCondition(condition, embedding, z));
        return h.view(h.shape[0], Config.GeneratorFilters * 8, 4, 4).MoveToOuterDisposeScope();
    }

    private static Sequential UpsamplingBlock(long inChannels, long outChannels) => Sequential(
        Upsample(scale_factor: [2.0, 2.0], mode: UpsampleMode.Nearest),
        Conv2d(inChannels, outChannels, 3, padding: 1, bias: false), BatchNorm2d(outChannels), ReLU());
}
