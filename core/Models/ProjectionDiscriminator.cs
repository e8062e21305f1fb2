using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CrossModal.Core.Models;

/// <summary>
/// Sound-to-image projection discriminator (Miyato &amp; Koyama 2018) with spectral normalisation (Miyato et al. 2018):
/// 64x64x3 → four spectrally normalised 4x4 stride-2 convs (f, 2f, 4f, 8f; leaky ReLU 0.1, SNGAN's standard CNN) →
/// global sum pooling → φ(x) [N, 8f]; the logit is ψ(φ(x)) + ⟨P e, φ(x)⟩ with ψ and P spectrally normalised linear
/// maps and e the sound embedding. Our conditions are continuous encoder embeddings, not class ids, so P is a linear
/// projection of e where the paper has a class-embedding lookup. Why projection instead of GAN-CLS's concatenation:
/// the condition enters as an inner product with the image features, so D must score how well the image fits the
/// sound, which the paper shows conditions far better than concatenating the condition to a feature map. No batch
/// norm: it would make one sample's score depend on the rest of the batch (real, fake and wrong pairs are scored in
/// separate passes) and spectral normalisation already keeps D's scale in check.
/// With <c>auxiliaryClasses</c> K &gt; 0 a linear head on φ(x) also scores K + 1 classes (the instruments, then
/// "generated" at index K), the same AC-GAN option as <see cref="S2IDiscriminator"/>, so the ablation can switch it.
/// Reads <see cref="GanConfig.DiscriminatorFilters"/> (f) and <see cref="GanConfig.EmbeddingSize"/>; at the default
/// f = 32 its convolutions cost what S2IDiscriminator's do.
/// </summary>
public sealed class ProjectionDiscriminator : ImageDiscriminator
{
    private readonly Sequential features;
    private readonly SNLinear unconditional, projection;
    private readonly Linear? classHead;

    public ProjectionDiscriminator(GanConfig config, int auxiliaryClasses = 0) : base(nameof(ProjectionDiscriminator), config, auxiliaryClasses)
    {
        long f = config.DiscriminatorFilters;
        features = Sequential(
            new SNConv2d(3, f, 4, stride: 2, padding: 1), LeakyReLU(0.1),
            new SNConv2d(f, f * 2, 4, stride: 2, padding: 1), LeakyReLU(0.1),
            new SNConv2d(f * 2, f * 4, 4, stride: 2, padding: 1), LeakyReLU(0.1),
            new SNConv2d(f * 4, f * 8, 4, stride: 2, padding: 1), LeakyReLU(0.1));
        unconditional = new SNLinear(f * 8, 1);
        // No bias: a bias b would add ⟨b, φ(x)⟩, an unconditional term ψ already has.
        projection = new SNLinear(config.EmbeddingSize, f * 8, bias: false);
        // The head is a classifier trained by cross-entropy: its logits must be free to grow confident, so it is not
        // normalised; the critic's path (ψ and P) is. Created only when asked for, so a D without it has no extra weights.
        if (auxiliaryClasses > 0) classHead = Linear(f * 8, auxiliaryClasses + 1);
        RegisterComponents();
    }

    /// <summary>φ(x): the image features after global sum pooling, [N, 8f].</summary>
    protected internal override Tensor Features(Tensor image)
    {
        ModelShapes.Expect(image, "projection discriminator", 3, 64, 64);
        using var scope = NewDisposeScope();
        return features.call(image).sum([2, 3]).MoveToOuterDisposeScope();
    }

    /// <summary>ψ(φ) + ⟨P e, φ⟩, [N].</summary>
    protected override Tensor Logit(Tensor phi, Tensor embedding)
    {
        ModelShapes.Expect(embedding, "projection discriminator condition", Config.EmbeddingSize);
        using var scope = NewDisposeScope();
        var match = projection.call(embedding).mul(phi).sum(1);
        return unconditional.call(phi).flatten().add(match).MoveToOuterDisposeScope();
    }

    protected override Tensor ClassLogits(Tensor phi) => classHead!.call(phi);
}
