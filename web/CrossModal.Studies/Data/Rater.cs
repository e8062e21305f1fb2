namespace CrossModal.Studies.Data;

/// <summary>A person holding one rating link. The token is the only credential; it never appears in results or CSV.</summary>
public sealed class Rater
{
    public int Id { get; set; }
    public int StudyId { get; set; }
    public Study? Study { get; set; }
    /// <summary>128 random bits, base64url (22 characters), unique.</summary>
    public required string Token { get; set; }
    /// <summary>Optional note by the researcher (e.g. a recruitment id); shown to admins only.</summary>
    public string? Label { get; set; }
    /// <summary>Left out of results (e.g. after failing gold checks); their ratings stay stored and exported.</summary>
    public bool Excluded { get; set; }
    public DateTime CreatedUtc { get; set; }
    public List<Rating> Ratings { get; set; } = [];
}
