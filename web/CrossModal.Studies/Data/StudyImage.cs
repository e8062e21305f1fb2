namespace CrossModal.Studies.Data;

/// <summary>What an image is for in a gold (attention-check) set; <see cref="None"/> in regular sets.</summary>
public enum GoldRole
{
    None = 0,
    /// <summary>The ground truth, first copy.</summary>
    DuplicateA = 1,
    /// <summary>The same ground truth again: its score should agree with <see cref="DuplicateA"/>'s within 1.</summary>
    DuplicateB = 2,
    /// <summary>Noise or a blank: should be scored 0 or 1.</summary>
    Broken = 3,
    /// <summary>A generated image so the set looks like any other; not checked, not in results.</summary>
    Filler = 4,
}

/// <summary>
/// One stored image of a study. Raters only ever see <see cref="PublicId"/> (random, says nothing about the method)
/// and the PNG bytes; <see cref="Method"/> stays on the server.
/// </summary>
public sealed class StudyImage
{
    public int Id { get; set; }
    /// <summary>Opaque id used in image URLs (random GUID, unique).</summary>
    public Guid PublicId { get; set; }
    public int StudyId { get; set; }
    public int RatingSetId { get; set; }
    public RatingSet? Set { get; set; }
    /// <summary>Method key (<see cref="Domain.StudyMethods"/>), or "broken" for a gold set's broken image.</summary>
    public required string Method { get; set; }
    public GoldRole GoldRole { get; set; }
    /// <summary>64x64 RGB PNG, metadata-free.</summary>
    public required byte[] Png { get; set; }
}
