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
    /// <summary>The crowd platform's participant id (Prolific's PROLIFIC_PID, MTurk's workerId) of a rater who came through the public link; unique per study.</summary>
    public string? ParticipantId { get; set; }
    /// <summary>A participant from the public link (consent, practice, a share of the sets, the platform's way back); not mapped.</summary>
    public bool FromPublicLink => ParticipantId is not null;
    /// <summary>The platform's study (or HIT) and session (or assignment) ids that came with the participant, kept for the platform's records.</summary>
    public string? PlatformStudyId { get; set; }
    public string? PlatformSessionId { get; set; }
    /// <summary>When a participant agreed to the consent text (null: not yet; raters with a hand-made link are not asked).</summary>
    public DateTime? ConsentedUtc { get; set; }
    /// <summary>When the participant finished the practice set and saw its feedback (null: not yet, or no practice).</summary>
    public DateTime? PracticedUtc { get; set; }
    public DateTime CreatedUtc { get; set; }
    public List<Rating> Ratings { get; set; } = [];
}
