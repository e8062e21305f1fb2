namespace CrossModal.Domain;

/// <summary>
/// The model ids of the sound-to-image generators, shared by the model store that names them and the web app that
/// offers them: <c>s2i-&lt;variant&gt;</c> for the paper's variants, <c>s2i-&lt;variant&gt;-&lt;arm&gt;</c> for an ablation
/// arm's model, and the product's default generator, stored like an arm of S2I-C.
/// </summary>
public static class S2IModelIds
{
    /// <summary>The arm name of the product's default generator (a recipe's <c>s2iDefault</c> step).</summary>
    public const string DefaultArm = "default";

    /// <summary>
    /// The generator the product serves when a caller names none: S2I-C's conditions with the stronger generator's
    /// switches (issue 17 §2). The paper's S2I-C/N/A stay as they are, for the reproduction.
    /// </summary>
    public static string ProductDefault { get; } = Of(S2IVariant.Classifier, DefaultArm);

    /// <summary>The paper's three variants' models: s2i-c, s2i-n, s2i-a.</summary>
    public static IReadOnlyList<string> Paper { get; } = [.. S2IVariant.All.Select(v => Of(v))];

    /// <summary>A variant's model id; an ablation arm's model of it has the arm's name appended.</summary>
    public static string Of(string variant, string? arm = null) => arm is null ? $"s2i-{variant}" : $"s2i-{variant}-{arm}";

    /// <summary>The S2I model for a caller who names none, in a store that <paramref name="has"/> some models: the product's default, else S2I-C (a store trained before the default existed).</summary>
    public static string DefaultIn(Func<string, bool> has) => has(ProductDefault) ? ProductDefault : Of(S2IVariant.Classifier);
}
