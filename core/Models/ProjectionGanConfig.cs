namespace CrossModal.Core.Models;

/// <summary>
/// Widths of the stronger S2I pair (issue 17 §2): <see cref="UpsamplingS2IGenerator"/> and
/// <see cref="ProjectionDiscriminator"/>. Kept apart from <see cref="GanConfig"/> so the paper's GAN-CLS variants and
/// their stored weights do not move when this pair's widths are tuned. The defaults match GanConfig's halved DCGAN
/// widths, so the two generators cost about the same per step on the 2-core machine.
/// </summary>
public sealed record ProjectionGanConfig
{
    /// <summary>Size of the sound embedding both networks are conditioned on.</summary>
    public int EmbeddingSize { get; init; } = 128;
    /// <summary>G's projected condition (FC + leaky ReLU, as GAN-CLS), concatenated with z.</summary>
    public int ConditionSize { get; init; } = 64;
    public int NoiseSize { get; init; } = 100;
    /// <summary>f: G's widths are 8f at 4x4, halving at each upsampling to f at 32x32 and 64x64.</summary>
    public int GeneratorFilters { get; init; } = 32;
    /// <summary>f: D's widths are f at 32x32, doubling at each downsampling to 8f at 4x4 (φ(x) has 8f features).</summary>
    public int DiscriminatorFilters { get; init; } = 32;

    public void Validate()
    {
        SoundClassifierConfig.Positive(EmbeddingSize, "embedding size");
        SoundClassifierConfig.Positive(ConditionSize, "condition size");
        SoundClassifierConfig.Positive(NoiseSize, "noise size");
        SoundClassifierConfig.Positive(GeneratorFilters, "generator filters");
        SoundClassifierConfig.Positive(DiscriminatorFilters, "discriminator filters");
    }
}
