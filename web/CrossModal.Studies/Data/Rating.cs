namespace CrossModal.Studies.Data;

/// <summary>One score of one image by one rater; (RaterId, StudyImageId) is unique in the database.</summary>
public sealed class Rating
{
    public long Id { get; set; }
    public int RaterId { get; set; }
    public Rater? Rater { get; set; }
    public int StudyImageId { get; set; }
    public StudyImage? Image { get; set; }
    /// <summary>0..3 on the paper's rubric (Table 4); a check constraint enforces the range.</summary>
    public int Score { get; set; }
    public DateTime RatedUtc { get; set; }
    /// <summary>
    /// Seconds from the set appearing on the rater's page to its submission, measured on the server (the page runs
    /// there), the same for every image of the set; null for ratings stored before it was recorded.
    /// </summary>
    public double? SetSeconds { get; set; }
}
