namespace CrossModal.Core.Models;

/// <summary>
/// Which networks an S2I model is made of: the generator (<c>dcgan</c>: <see cref="S2IGenerator"/>'s transposed
/// convolutions, the paper's; <c>upsampling</c>: <see cref="UpsamplingS2IGenerator"/>) and the discriminator
/// (<c>dcgan</c>: GAN-CLS's <see cref="S2IDiscriminator"/>; <c>projection</c>: the spectrally normalised
/// <see cref="ProjectionDiscriminator"/>). A recipe's S2I switches choose it, and a stored S2I model records it in its
/// manifest (config section <c>architecture</c>) so the generator service and the CLI rebuild the same network; a
/// manifest without the section (every model stored before it existed) is <c>dcgan</c>/<c>dcgan</c>.
/// </summary>
public sealed record S2IArchitecture
{
    public const string Dcgan = "dcgan";
    public const string Upsampling = "upsampling";
    public const string Projection = "projection";
    public static readonly IReadOnlyList<string> Generators = [Dcgan, Upsampling];
    public static readonly IReadOnlyList<string> Discriminators = [Dcgan, Projection];

    /// <summary>The paper's networks, what every S2I model was before the switch existed.</summary>
    public static readonly S2IArchitecture Paper = new();

    public string Generator { get; init; } = Dcgan;
    public string Discriminator { get; init; } = Dcgan;

    public void Validate()
    {
        if (!Generators.Contains(Generator))
            throw new InvalidInputException($"S2I generator must be one of {string.Join(", ", Generators)}; got '{Generator}'");
        if (!Discriminators.Contains(Discriminator))
            throw new InvalidInputException($"S2I discriminator must be one of {string.Join(", ", Discriminators)}; got '{Discriminator}'");
    }

    public ConditionalGenerator NewGenerator(GanConfig config)
    {
        Validate();
        return Generator == Upsampling ? new UpsamplingS2IGenerator(config) : new S2IGenerator(config);
    }

    /// <param name="auxiliaryClasses">Instruments of an auxiliary class head; 0 for none.</param>
    public ConditionalDiscriminator NewDiscriminator(GanConfig config, int auxiliaryClasses)
    {
        Validate();
        return Discriminator == Projection ? new ProjectionDiscriminator(config, auxiliaryClasses) : new S2IDiscriminator(config, auxiliaryClasses);
    }
}
