namespace CrossModal.Domain;

/// <summary>
/// The paper's three sound-to-image models, named by the letter that model ids (<c>s2i-c</c>), recipes, manifests,
/// requests and the command line use. A variant fixes what conditions the generator and whether the discriminator is
/// shown mismatched pairs; everything else (networks, optimiser) is shared.
/// </summary>
public static class S2IVariant
{
    /// <summary>S2I-C: conditioned on the sound classifier's embedding; D also rejects real images of another instrument (GAN-CLS).</summary>
    public const string Classifier = "c";

    /// <summary>S2I-N: the sound classifier's embedding without mismatched pairs (the paper's ablation).</summary>
    public const string NoWrongPairs = "n";

    /// <summary>S2I-A: conditioned on the stacked autoencoder's embedding, with mismatched pairs.</summary>
    public const string Autoencoder = "a";

    public static IReadOnlyList<string> All { get; } = [Classifier, NoWrongPairs, Autoencoder];

    public static bool IsKnown(string? variant) => variant is Classifier or NoWrongPairs or Autoencoder;

    /// <summary>Whether the variant's conditions come from the autoencoder rather than the sound classifier.</summary>
    public static bool ConditionsOnAutoencoder(string variant) => variant == Autoencoder;

    /// <summary>Whether the variant's discriminator is trained on mismatched (sound, image) pairs.</summary>
    public static bool TrainsOnWrongPairs(string variant) => variant != NoWrongPairs;
}
