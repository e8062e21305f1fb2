using CrossModal.Studies.Data;

namespace CrossModal.Studies.Rating;

/// <summary>
/// Everything a rater's page may know. Deliberately no method, no gold role, no other rater, no result:
/// sets and images are known by their random public ids only.
/// </summary>
/// <param name="NeedsConsent">A participant from the public link who has not yet agreed to the consent text (nothing can be rated before).</param>
/// <param name="CompletionCode">The platform's completion code, for a participant of a study with a public link.</param>
/// <param name="CompletionUrl">Where such a participant goes back to the platform when done.</param>
/// <param name="Practice">A practice set to do first, with feedback (participants from the public link, once), or null.</param>
public sealed record RaterState(string StudyName, StudyStatus Status, int TotalSets, int CompletedSets, RaterSet? Next,
    bool NeedsConsent = false, string? CompletionCode = null, string? CompletionUrl = null, RaterSet? Practice = null)
{
    public bool Finished => Next is null && CompletedSets == TotalSets;
}

/// <summary>One set as a rater sees it: its public id, the instrument, and the images in this rater's own order.</summary>
public sealed record RaterSet(Guid SetId, string Instrument, IReadOnlyList<Guid> Images);

/// <summary>
/// Feedback on one image of a practice set: the score given and the range the scale asks for (the real frame 2-3, the
/// broken image 0-1; a generated image has no right answer, 0-3), with why.
/// </summary>
public sealed record PracticeVerdict(Guid Image, int Given, int Low, int High, string Why)
{
    public bool Right => Given >= Low && Given <= High;
}

/// <summary>A set's scores as the page submits them, with the seconds from the set appearing to its submission.</summary>
public sealed record SetSubmission(IReadOnlyDictionary<Guid, int> Scores, double Seconds);

public enum SubmitOutcome
{
    /// <summary>Every score of the set is committed to the database (the acknowledgement).</summary>
    Saved,
    /// <summary>This rater already rated the set; nothing changed.</summary>
    AlreadyRated,
    /// <summary>Unknown token.</summary>
    InvalidLink,
    /// <summary>The study is not open (still generating, or closed).</summary>
    StudyNotOpen,
    /// <summary>The set is not in this rater's study, or the scores do not cover exactly its images with 0..3.</summary>
    Invalid,
    /// <summary>A participant from the public link who has not agreed to the consent text yet.</summary>
    ConsentNeeded,
}
