using static TorchSharp.torch;

namespace CrossModal.Core.Models;

/// <summary>
/// What the sound-to-image discriminators share (<see cref="S2IDiscriminator"/>, <see cref="ProjectionDiscriminator"/>):
/// the 64x64x3 sample, an optional auxiliary class head over K + 1 classes (the K instruments, then "generated" at
/// index K), an optional pose head (the pose models'), and one pass over the image for the logit and the heads. Each subclass says how it computes
/// image features, the logit from them and the condition, and the class logits; its layers stay in it, since their
/// declaration order fixes the initialisation draws and the names under which stored weights load.
/// </summary>
public abstract class ImageDiscriminator : ConditionalDiscriminator, IPoseReader
{
    readonly int auxiliaryClasses;

    protected ImageDiscriminator(string name, GanConfig config, int auxiliaryClasses) : base(name)
    {
        config.Validate();
        if (auxiliaryClasses is < 0 or 1) throw new InvalidInputException($"an auxiliary class head needs at least 2 classes, got {auxiliaryClasses}");
        Config = config;
        this.auxiliaryClasses = auxiliaryClasses;
    }

    protected GanConfig Config { get; }

    public override int EmbeddingSize => Config.EmbeddingSize;
    public override long[] SampleShape => [3, 64, 64];
    public override int AuxiliaryClasses => auxiliaryClasses;

    public override Tensor forward(Tensor image, Tensor embedding)
    {
        using var scope = NewDisposeScope();
        return Logit(Features(image), embedding).MoveToOuterDisposeScope();
    }

    /// <summary>The logit and, with a class or pose head, its reading, from one pass over the image (features computed once).</summary>
    public override DiscriminatorJudgement Judge(Tensor image, Tensor embedding)
    {
        if (auxiliaryClasses == 0 && PoseParameters == 0) return new(call(image, embedding), null);
        using var scope = NewDisposeScope();
        var features = Features(image);
        return new(Logit(features, embedding).MoveToOuterDisposeScope(),
            auxiliaryClasses == 0 ? null : ClassLogits(features).MoveToOuterDisposeScope(),
            PoseParameters == 0 ? null : PoseReading(features).MoveToOuterDisposeScope());
    }

    /// <summary>The pose head's reading of the images alone, [N, P], with no condition and no logit (a pose teacher's use).</summary>
    public Tensor ReadPose(Tensor image)
    {
        if (PoseParameters == 0) throw new InvalidInputException($"{GetType().Name} has no pose head");
        using var scope = NewDisposeScope();
        return PoseReading(Features(image)).MoveToOuterDisposeScope();
    }

    /// <summary>The image's features, from which both the logit and the class logits are computed.</summary>
    protected internal abstract Tensor Features(Tensor image);

    /// <summary>The real-and-matching logit of the features and the condition embedding, [N].</summary>
    protected abstract Tensor Logit(Tensor features, Tensor embedding);

    /// <summary>The class head's K + 1 logits (only called when the discriminator has one).</summary>
    protected abstract Tensor ClassLogits(Tensor features);

    /// <summary>The pose head's P readings (only called when the discriminator has one; only <see cref="S2IDiscriminator"/> can).</summary>
    protected virtual Tensor PoseReading(Tensor features) => throw new NotSupportedException($"{GetType().Name} has no pose head");
}
