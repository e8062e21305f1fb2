namespace CrossModal.Core.Models;

/// <summary>
/// Sound classifier (paper: 4 conv + 3 FC on a 128x44 LMS). <see cref="ConvLayers"/> is 3 or 4 (the representation
/// study compares both). <see cref="InputHeight"/>/<see cref="InputWidth"/> let other representations in
/// (e.g. 1025 STFT bins): after the convs an adaptive pool brings any map to <see cref="PooledHeight"/> x
/// <see cref="PooledWidth"/>, so the FC sizes do not depend on the input size.
/// Dropout values are drop probabilities (PyTorch semantics); the paper's 0.7/0.8 are TensorFlow keep
/// probabilities, so the defaults drop 0.3 and 0.2 (docs/MODELS.md).
/// </summary>
public sealed record SoundClassifierConfig
{
    public int InputHeight { get; init; } = 128;
    public int InputWidth { get; init; } = 44;
    public int ConvLayers { get; init; } = 4;
    public int[] ConvChannels { get; init; } = [16, 32, 64, 64];
    public int PooledHeight { get; init; } = 8;
    public int PooledWidth { get; init; } = 2;
    public int HiddenUnits { get; init; } = 256;
    public int EmbeddingSize { get; init; } = 128;
    public int Classes { get; init; } = 13;
    public double DropoutHidden { get; init; } = 0.3;
    public double DropoutEmbedding { get; init; } = 0.2;
    /// <summary>Coefficient of the TF-style L2 penalty (0.015 * sum(w^2)/2 over the FC weights).</summary>
    public double FcL2 { get; init; } = 0.015;
    /// <summary>
    /// The timbre-normalising front end's window in mel bands (<see cref="SpectralWhitening"/>); 0, the default, is
    /// none, and is left out of a stored manifest so that models trained before it existed read as before.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public int WhiteningBands { get; init; }

    public void Validate()
    {
        if (ConvLayers is < 3 or > 4) throw new InvalidInputException($"sound classifier conv layers must be 3 or 4, got {ConvLayers}");
        if (WhiteningBands != 0) SpectralWhitening.Validate(WhiteningBands);
        if (ConvChannels.Length < ConvLayers) throw new InvalidInputException($"sound classifier needs {ConvLayers} conv widths, got {ConvChannels.Length}");
        if (InputHeight < 16 || InputWidth < 16) throw new InvalidInputException($"sound classifier input {InputHeight}x{InputWidth} is too small (at least 16x16)");
        Positive(HiddenUnits, "hidden units"); Positive(EmbeddingSize, "embedding size"); Positive(Classes, "classes");
        Positive(PooledHeight, "pooled height"); Positive(PooledWidth, "pooled width");
        foreach (var c in ConvChannels) Positive(c, "conv width");
        Probability(DropoutHidden); Probability(DropoutEmbedding);
        if (FcL2 < 0) throw new InvalidInputException($"L2 coefficient must be >= 0, got {FcL2}");
    }

    internal static void Positive(int v, string what)
    {
        if (v < 1) throw new InvalidInputException($"{what} must be positive, got {v}");
    }

    internal static void Probability(double p)
    {
        if (p is < 0 or >= 1 || double.IsNaN(p)) throw new InvalidInputException($"dropout probability must be in [0, 1), got {p}");
    }
}

/// <summary>Image classifier: 6 conv 3x3 layers (max-pool after every second) + 3 FC on 64x64 RGB.</summary>
public sealed record ImageClassifierConfig
{
    public int[] ConvChannels { get; init; } = [16, 16, 32, 32, 64, 64];
    public int HiddenUnits { get; init; } = 256;
    public int EmbeddingSize { get; init; } = 128;
    public int Classes { get; init; } = 13;
    public double Dropout { get; init; } = 0.3;
    public double FcL2 { get; init; } = 0.0;

    public void Validate()
    {
        if (ConvChannels.Length != 6) throw new InvalidInputException($"image classifier needs 6 conv widths, got {ConvChannels.Length}");
        foreach (var c in ConvChannels) SoundClassifierConfig.Positive(c, "conv width");
        SoundClassifierConfig.Positive(HiddenUnits, "hidden units");
        SoundClassifierConfig.Positive(EmbeddingSize, "embedding size");
        SoundClassifierConfig.Positive(Classes, "classes");
        SoundClassifierConfig.Probability(Dropout);
        if (FcL2 < 0) throw new InvalidInputException($"L2 coefficient must be >= 0, got {FcL2}");
    }
}

/// <summary>
/// Stacked conv–deconv autoencoder (S2I-A). Each stack is a 3x3 valid conv (and its transposed conv as
/// decoder), so four stacks take 128x44 to 120x36 exactly as in the paper; the last stack also flattens
/// its single-channel 120x36 map and projects it to <see cref="EmbeddingSize"/>.
/// </summary>
public sealed record AutoencoderConfig
{
    public int InputHeight { get; init; } = 128;
    public int InputWidth { get; init; } = 44;
    /// <summary>Output channels of stacks 1..3; stack 4 always outputs one channel (the 120x36 map).</summary>
    public int[] StackChannels { get; init; } = [8, 8, 8];
    public int EmbeddingSize { get; init; } = 128;

    public int MapHeight => InputHeight - 8;
    public int MapWidth => InputWidth - 8;

    public void Validate()
    {
        if (StackChannels.Length != 3) throw new InvalidInputException($"autoencoder needs 3 stack widths (stack 4 has one channel), got {StackChannels.Length}");
        foreach (var c in StackChannels) SoundClassifierConfig.Positive(c, "stack width");
        if (InputHeight < 9 || InputWidth < 9) throw new InvalidInputException($"autoencoder input {InputHeight}x{InputWidth} is too small");
        SoundClassifierConfig.Positive(EmbeddingSize, "embedding size");
    }
}

/// <summary>
/// GAN-CLS widths shared by S2I and I2S. Paper / DCGAN reference widths: 64 base filters, 128-channel 32x32
/// I2S map; the defaults are halved so that every model trains on 2 CPU cores in the product's budget.
/// </summary>
public sealed record GanConfig
{
    public int EmbeddingSize { get; init; } = 128;
    public int ConditionSize { get; init; } = 64;
    public int NoiseSize { get; init; } = 100;
    public int GeneratorFilters { get; init; } = 32;
    public int DiscriminatorFilters { get; init; } = 32;
    /// <summary>I2S only: channels of the 32x32 map before the two (2,1)-stride deconvolutions (paper: 128).</summary>
    public int I2SMapChannels { get; init; } = 64;
    /// <summary>I2S only: extra 3x3 conv layers in the generator at 32x32 (paper: 2).</summary>
    public int I2SGeneratorExtraLayers { get; init; } = 2;
    /// <summary>I2S only: extra 3x3 conv layers in the discriminator (paper: 12; deeper than S2I's D either way).</summary>
    public int I2SDiscriminatorExtraLayers { get; init; } = 2;

    public void Validate()
    {
        SoundClassifierConfig.Positive(EmbeddingSize, "embedding size");
        SoundClassifierConfig.Positive(ConditionSize, "condition size");
        SoundClassifierConfig.Positive(NoiseSize, "noise size");
        SoundClassifierConfig.Positive(GeneratorFilters, "generator filters");
        SoundClassifierConfig.Positive(DiscriminatorFilters, "discriminator filters");
        SoundClassifierConfig.Positive(I2SMapChannels, "I2S map channels");
        if (I2SGeneratorExtraLayers is < 0 or > 16) throw new InvalidInputException($"I2S generator extra layers must be 0..16, got {I2SGeneratorExtraLayers}");
        if (I2SDiscriminatorExtraLayers is < 0 or > 16) throw new InvalidInputException($"I2S discriminator extra layers must be 0..16, got {I2SDiscriminatorExtraLayers}");
    }
}
