using CrossModal.Domain;

namespace CrossModal.Studies.Domain;

/// <summary>
/// The methods a study can compare: the paper's three S2I variants, the pose model, the product's default generator
/// (issue 17: the one the web app serves), and the ground truth.
/// </summary>
public static class StudyMethods
{
    public const string S2IC = "S2I-C", S2IN = "S2I-N", S2IA = "S2I-A", Pose = "S2I-Pose", ProductDefault = "S2I-Default", GroundTruth = "GT";

    /// <summary>A gold set's broken image (never a compared method).</summary>
    public const string Broken = "broken";

    /// <summary>The paper's comparison (Section 5, human evaluation).</summary>
    public static IReadOnlyList<string> Default { get; } = [S2IC, S2IN, S2IA, GroundTruth];

    public static IReadOnlyList<string> All { get; } = [S2IC, S2IN, S2IA, Pose, ProductDefault, GroundTruth];

    public static bool IsKnown(string method) => All.Contains(method, StringComparer.Ordinal);

    /// <summary>The generator's variant for a generated method (SoundToImageRequest.variant); null for the ground truth.</summary>
    public static string? Variant(string method) => method switch
    {
        S2IC or ProductDefault => S2IVariant.Classifier,
        S2IN => S2IVariant.NoWrongPairs,
        S2IA => S2IVariant.Autoencoder,
        Pose => "pose",
        GroundTruth => null,
        _ => throw new ArgumentException($"unknown method '{method}' (known: {string.Join(", ", All)})", nameof(method)),
    };

    /// <summary>The model a generated method names over its variant (SoundToImageRequest.model_id); null: the variant's own model.</summary>
    public static string? ModelId(string method) => method == ProductDefault ? S2IModelIds.ProductDefault : null;

    public static string Describe(string method) => method switch
    {
        S2IC => "S2I-C (classifier sound encoding, wrong-pair term)",
        S2IN => "S2I-N (classifier encoding, no wrong-pair term)",
        S2IA => "S2I-A (autoencoder sound encoding)",
        Pose => "Pose-oriented S2I (one model per instrument)",
        ProductDefault => "The product's default S2I (S2I-C with DiffAugment, EMA, mode seeking)",
        GroundTruth => "Ground truth (the real frame)",
        _ => method,
    };
}
