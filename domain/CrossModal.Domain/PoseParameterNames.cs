namespace CrossModal.Domain;

/// <summary>
/// What the synthetic dataset's four pose parameters (pairs.csv pose_0..pose_3) mean for an instrument; they mean
/// different things per family (docs/DATASET.md), so every table of pose figures names them through this.
/// </summary>
public static class PoseParameterNames
{
    static readonly string[] BowedStrings = ["bow position", "left hand along the neck", "string", "head nod"];
    static readonly string[] Woodwinds = ["left-hand fingers", "right-hand fingers", "register", "head nod"];
    static readonly string[] Brass = ["valve or slide tubing", "harmonic partial", "register", "head nod"];

    public static IReadOnlyList<string> Of(string instrument) => Family(instrument) switch
    {
        "bowed strings" => BowedStrings,
        "woodwinds" => Woodwinds,
        _ => Brass,
    };

    /// <summary>The family whose instruments' pose parameters mean the same: "bowed strings", "woodwinds" or "brass".</summary>
    public static string Family(string instrument) => Instruments.IndexOf(instrument) < 0
        ? throw new ArgumentException($"'{instrument}' is not one of {string.Join(", ", Instruments.All)}", nameof(instrument))
        : instrument.ToLowerInvariant() switch
        {
            "cello" or "double_bass" or "viola" or "violin" => "bowed strings",
            "bassoon" or "clarinet" or "flute" or "oboe" or "sax" => "woodwinds",
            _ => "brass",
        };
}
