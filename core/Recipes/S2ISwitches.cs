using System.Text.Json.Serialization;
using CrossModal.Core.Imaging;
using CrossModal.Core.Models;
using CrossModal.Core.Training;

namespace CrossModal.Core.Recipes;

/// <summary>
/// The switches of issue 17's stronger S2I generator, as a recipe's S2I step spells them (<c>"switches": { ... }</c>,
/// and each ablation arm's overrides, <c>"arms": { "name": { ... } }</c>). Every switch is optional: absent, it keeps
/// the paper's GAN-CLS as the trainer ran it before the switches existed, and it is left out of the step's hash, so
/// existing recipes and the models they made are unchanged. docs/MODELS.md describes each one.
/// </summary>
public sealed record S2ISwitches
{
    public const string GanClsLoss = "gan-cls";
    public const string HingeLoss = "hinge";
    public const string NoAugment = "none";
    static readonly string[] Losses = [GanClsLoss, HingeLoss];
    static readonly string[] AugmentParts = ["translation", "cutout"];
    const JsonIgnoreCondition Omitted = JsonIgnoreCondition.WhenWritingNull;

    /// <summary><c>dcgan</c> (transposed convolutions, the paper's) or <c>upsampling</c> (nearest ×2 + 3x3 conv).</summary>
    [JsonIgnore(Condition = Omitted)] public string? Generator { get; init; }
    /// <summary><c>dcgan</c> (GAN-CLS's concatenating D with batch norm) or <c>projection</c> (spectrally normalised projection D).</summary>
    [JsonIgnore(Condition = Omitted)] public string? Discriminator { get; init; }
    /// <summary><c>gan-cls</c> (cross-entropy) or <c>hinge</c>; either keeps the wrong-pair term as a "fake" one.</summary>
    [JsonIgnore(Condition = Omitted)] public string? Loss { get; init; }
    /// <summary>Weight of the mode-seeking term (MSGAN; the reference uses 1); 0 is off.</summary>
    [JsonIgnore(Condition = Omitted)] public double? ModeSeeking { get; init; }
    /// <summary><c>none</c>, or comma-separated parts of DiffAugment: <c>translation</c>, <c>cutout</c> (no colour: issue 17).</summary>
    [JsonIgnore(Condition = Omitted)] public string? DiffAugment { get; init; }
    /// <summary>Decay of the weight average of G that is judged and shipped (e.g. 0.999); 0 is off. Needs batchNormRecalibration.</summary>
    [JsonIgnore(Condition = Omitted)] public double? EmaDecay { get; init; }
    /// <summary>Adam's beta1, instead of the step's <c>beta1</c> (SNGAN: 0).</summary>
    [JsonIgnore(Condition = Omitted)] public double? Beta1 { get; init; }
    /// <summary>Adam's beta2 (default 0.999; SNGAN: 0.9).</summary>
    [JsonIgnore(Condition = Omitted)] public double? Beta2 { get; init; }
    /// <summary>D updates per G update (default 1; the projection reference trains with 5).</summary>
    [JsonIgnore(Condition = Omitted)] public int? DiscriminatorSteps { get; init; }
    /// <summary>Weight of the auxiliary class loss for every variant, instead of the step's <c>classLossByVariant</c>.</summary>
    [JsonIgnore(Condition = Omitted)] public double? ClassLoss { get; init; }

    /// <summary>These switches with <paramref name="over"/>'s set ones taking precedence (an arm over the step's switches).</summary>
    public S2ISwitches With(S2ISwitches? over) => over is null ? this : new()
    {
        Generator = over.Generator ?? Generator, Discriminator = over.Discriminator ?? Discriminator, Loss = over.Loss ?? Loss,
        ModeSeeking = over.ModeSeeking ?? ModeSeeking, DiffAugment = over.DiffAugment ?? DiffAugment, EmaDecay = over.EmaDecay ?? EmaDecay,
        Beta1 = over.Beta1 ?? Beta1, Beta2 = over.Beta2 ?? Beta2, DiscriminatorSteps = over.DiscriminatorSteps ?? DiscriminatorSteps,
        ClassLoss = over.ClassLoss ?? ClassLoss,
    };

    [JsonIgnore]
    public S2IArchitecture Architecture => new()
    {
        Generator = Generator ?? S2IArchitecture.Dcgan, Discriminator = Discriminator ?? S2IArchitecture.Dcgan,
    };

    /// <summary>The trainer's settings for these switches on top of <paramref name="options"/> (which holds the step's).</summary>
    public GanTrainingOptions ApplyTo(GanTrainingOptions options) => options with
    {
        Loss = (Loss ?? GanClsLoss) == HingeLoss ? AdversarialLoss.Hinge : AdversarialLoss.GanCls,
        ModeSeekingWeight = ModeSeeking ?? 0,
        DiffAugment = AugmentPolicy(),
        EmaDecay = EmaDecay ?? 0,
        Beta1 = Beta1 ?? options.Beta1,
        Beta2 = Beta2 ?? options.Beta2,
        DiscriminatorSteps = DiscriminatorSteps ?? options.DiscriminatorSteps,
    };

    /// <summary>The DiffAugment policy named by <see cref="DiffAugment"/>, null when off.</summary>
    public DiffAugmentPolicy? AugmentPolicy()
    {
        var parts = AugmentPartsOf(DiffAugment);
        return parts.Length == 0 ? null : new DiffAugmentPolicy { Translation = parts.Contains("translation"), Cutout = parts.Contains("cutout") };
    }

    /// <param name="where">How the recipe names these switches in messages, e.g. <c>s2i switches</c> or <c>s2i arms.all</c>.</param>
    public void Validate(string where)
    {
        try { Architecture.Validate(); }
        catch (InvalidInputException e) { throw new InvalidInputException($"{where}: {e.Message}."); }
        if (Loss is not null && !Losses.Contains(Loss))
            throw new InvalidInputException($"{where}: loss must be one of {string.Join(", ", Losses)}; got '{Loss}'.");
        AugmentPartsOf(DiffAugment, where);
        Range(ModeSeeking, 1000, "modeSeeking", where);
        BelowOne(Beta1, "beta1", where);
        BelowOne(Beta2, "beta2", where);
        BelowOne(EmaDecay, "emaDecay", where);
        Range(ClassLoss, 100, "classLoss", where);
        if (DiscriminatorSteps is < 1 or > 10)
            throw new InvalidInputException($"{where}: discriminatorSteps must be 1..10, got {DiscriminatorSteps}.");
    }

    static void Range(double? value, double high, string name, string where)
    {
        if (value is double v && !(v >= 0 && v <= high)) throw new InvalidInputException($"{where}: {name} must be in [0, {high}], got {v}.");
    }

    static void BelowOne(double? value, string name, string where)
    {
        if (value is double v && !(v >= 0 && v < 1)) throw new InvalidInputException($"{where}: {name} must be in [0, 1), got {v}.");
    }

    static string[] AugmentPartsOf(string? policy, string where = "s2i switches")
    {
        if (policy is null || policy.Trim() == NoAugment) return [];
        var parts = policy.Split(',', StringSplitOptions.TrimEntries);
        foreach (var part in parts)
        {
            if (part is "color" or "colour")
                throw new InvalidInputException(
                    $"{where}: diffAugment '{policy}': colour augmentation is not offered (it would blur the palettes that tell violin from viola and clarinet from oboe, issue 17); use translation and/or cutout.");
            if (!AugmentParts.Contains(part))
                throw new InvalidInputException($"{where}: diffAugment must be 'none' or comma-separated parts of {string.Join(", ", AugmentParts)}; got '{policy}'.");
        }
        if (parts.Distinct().Count() != parts.Length) throw new InvalidInputException($"{where}: diffAugment '{policy}' names a part twice.");
        return parts;
    }
}
