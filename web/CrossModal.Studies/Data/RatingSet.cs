namespace CrossModal.Studies.Data;

public enum SetKind
{
    /// <summary>One image per compared method for one sound chunk (the paper's "set").</summary>
    Regular = 0,
    /// <summary>Attention check: the ground truth twice, an obviously broken image and one generated image.</summary>
    Gold = 1,
    /// <summary>
    /// Shown before the scored sets to participants from the public link, with feedback: a ground truth, a broken image
    /// and one generated image. Never stored as ratings, never in results.
    /// </summary>
    Practice = 2,
}

/// <summary>A group of images rated together, all for one instrument.</summary>
public sealed class RatingSet
{
    public int Id { get; set; }
    /// <summary>The set's id on a rater's page and in a submission (random): the database id would give away the set's position, and gold sets come last.</summary>
    public Guid PublicId { get; set; }
    public int StudyId { get; set; }
    public Study? Study { get; set; }
    /// <summary>Position in the study (0-based); each rater sees the sets in their own shuffled order.</summary>
    public int Ordinal { get; set; }
    public SetKind Kind { get; set; }
    public required string Instrument { get; set; }
    /// <summary>The validation pair the sound and ground truth came from, e.g. cello01_1400.</summary>
    public required string SampleName { get; set; }
    public List<StudyImage> Images { get; set; } = [];
}
