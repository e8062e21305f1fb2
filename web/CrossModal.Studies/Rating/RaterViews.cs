using CrossModal.Studies.Data;

namespace CrossModal.Studies.Rating;

/// <summary>
/// Everything a rater's page may know. Deliberately no method, no gold role, no other rater, no result:
/// images are known by their opaque <see cref="Guid"/> only.
/// </summary>
public sealed record RaterState(string StudyName, StudyStatus Status, int TotalSets, int CompletedSets, RaterSet? Next)
{
    public bool Finished => Next is null && CompletedSets == TotalSets;
}

/// <summary>One set as a rater sees it: the instrument, and the images in this rater's own order.</summary>
public sealed record RaterSet(int SetId, string Instrument, IReadOnlyList<Guid> Images);

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
}
