namespace CrossModal.Studies.Domain;

/// <summary>
/// What the researcher sets when opening a study's public link for a crowd platform: how many participants it
/// admits, and how a participant who has rated every set goes back to the platform (a completion code to show, a
/// completion URL to send them to, or both). Checked before anything is stored.
/// </summary>
public sealed class PublicLinkSpec
{
    public const int MaxQuota = 10_000, MaxCodeLength = 64, MaxUrlLength = 500;

    public int Quota { get; set; } = 50;
    /// <summary>Sets each participant rates, 0 for all: with many sets, each rates a share and every set still gets about the same number of raters.</summary>
    public int SetsPerParticipant { get; set; }
    /// <summary>Participants whose median time per set is below this many seconds are left out of the results (0: no minimum).</summary>
    public int MinSecondsPerSet { get; set; }
    public string? CompletionCode { get; set; }
    public string? CompletionUrl { get; set; }

    public void Validate()
    {
        if (Quota is < 1 or > MaxQuota) throw new StudyInputException($"the participant quota must be 1 to {MaxQuota}, got {Quota}.");
        if (SetsPerParticipant is < 0 or > StudySpec.MaxSetsPerInstrument * 13 + StudySpec.MaxGoldSets)
            throw new StudyInputException($"sets per participant must be 0 (all) or a positive number of sets, got {SetsPerParticipant}.");
        if (MinSecondsPerSet is < 0 or > 600)
            throw new StudyInputException($"the minimum time per set must be 0 to 600 seconds, got {MinSecondsPerSet}.");
        var code = CompletionCode?.Trim();
        if (!string.IsNullOrEmpty(code) && (code.Length > MaxCodeLength || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            throw new StudyInputException($"a completion code is 1 to {MaxCodeLength} letters, digits, '-' or '_'.");
        var url = CompletionUrl?.Trim();
        if (!string.IsNullOrEmpty(url) && (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
            throw new StudyInputException($"a completion URL is an https:// address of at most {MaxUrlLength} characters (the platform gives it).");
        if (string.IsNullOrEmpty(code) && string.IsNullOrEmpty(url))
            throw new StudyInputException("give the platform's completion code, its completion URL, or both: a participant needs one to be paid.");
    }
}
