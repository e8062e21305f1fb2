using static TorchSharp.torch;

namespace CrossModal.Core.Models;

/// <summary>
/// What the sound-to-image discriminators share (<see cref="S2IDiscriminator"/>, <see cref="ProjectionDiscriminator"/>):
/// the 64x64x3 sample, an optional auxiliary class head over K + 1 classes (the K instruments, then "generated" at
/// index K), and one pass over the image for both the logit and the class logits. Each subclass says how it computes
/// image features, the logit from them and the condition, and the class logits; its layers stay in it, since their
/// declaration order fixes the initialisation draws and the names under which stored weights load.
/// </summary>
public abstract class ImageDiscriminator : ConditionalDiscriminator
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

    /// <summary>The logit and, with a class head, the class logits from one pass over the image (features computed once).</summary>
    public override (Tensor Logit, Tensor? ClassLogits) Judge(Tensor image, Tensor embedding)
    {
        if (auxiliaryClasses == 0) return (call(image, embedding), null);
        using var scope = NewDisposeScope();
        var features = Features(image);
        return (Logit(features, embedding).MoveToOuterDisposeScope(), ClassLogits(features).MoveToOuterDisposeScope());
    }

    /// <summary>The image's features, from which both the logit and the class logits are computed.</summary>
    protected internal abstract Tensor Features(Tensor image);

    /// <summary>The real-and-matching logit of the features and the condition embedding, [N].</summary>
    protected abstract Tensor Logit(Tensor features, Tensor embedding);

    /// <summary>The class head's K + 1 logits (only called when the discriminator has one).</summary>
    protected abstract Tensor ClassLogits(Tensor features);
}
