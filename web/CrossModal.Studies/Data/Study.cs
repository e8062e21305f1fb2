namespace CrossModal.Studies.Data;

/// <summary>Where a study is in its life. Images are generated once, before it opens, and never change after.</summary>
public enum StudyStatus
{
    /// <summary>Queued or generating its images; raters cannot rate yet.</summary>
    Generating = 0,
    /// <summary>Every image stored; raters can rate.</summary>
    Open = 1,
    /// <summary>No more ratings accepted; results stay readable.</summary>
    Closed = 2,
    /// <summary>Generation failed (see <see cref="Study.Error"/>); nothing was stored.</summary>
    Failed = 3,
}

/// <summary>A human-evaluation study: which instruments, how many sets each, which methods are compared.</summary>
public sealed class Study
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Instrument names, comma-separated, in <see cref="CrossModal.Domain.Instruments"/> spelling.</summary>
    public required string Instruments { get; set; }
    /// <summary>Method keys (<see cref="Domain.StudyMethods"/>), comma-separated, e.g. "S2I-C,S2I-N,S2I-A,GT".</summary>
    public required string Methods { get; set; }
    public int SetsPerInstrument { get; set; }
    /// <summary>Attention-check sets added to the regular ones (ground truth shown twice plus a broken image).</summary>
    public int GoldSets { get; set; }
    /// <summary>Practice sets (<see cref="SetKind.Practice"/>) shown with feedback to participants from the public link.</summary>
    public int PracticeSets { get; set; }
    /// <summary>Seed of sample choice and of every generator call: the same spec gives the same study.</summary>
    public long Seed { get; set; }
    /// <summary>
    /// The study's secret (<see cref="Rating.StudyBlinding"/>): 256 random bits, base64, that key every order a rater
    /// sees and the gold images' jitter. Made when the study is created; never leaves the server.
    /// </summary>
    public string BlindingKey { get; set; } = "";
    /// <summary>
    /// The study's public link for a crowd platform (<c>/join/{PublicLink}</c>; <see cref="Rating.ParticipantJoin"/>):
    /// 128 random bits like a rater token, or null while the study has none. Each arriving participant gets their own
    /// rater token.
    /// </summary>
    public string? PublicLink { get; set; }
    /// <summary>Participants the public link admits; after that it says the study is full.</summary>
    public int ParticipantQuota { get; set; }
    /// <summary>
    /// Sets each participant from the public link rates (0: all of them), handed out balanced across participants and
    /// including a gold set when the study has one (<see cref="Rating.RatingService"/>).
    /// </summary>
    public int SetsPerParticipant { get; set; }
    /// <summary>
    /// A participant from the public link whose median time per set is below this is left out of the results (shown,
    /// not deleted), as is one who fails a gold check; 0: no minimum.
    /// </summary>
    public int MinSecondsPerSet { get; set; }
    /// <summary>The platform's completion code, shown to a participant who has rated every set (e.g. Prolific's).</summary>
    public string? CompletionCode { get; set; }
    /// <summary>Where a participant who has finished is sent back to (the platform's completion URL), or null.</summary>
    public string? CompletionUrl { get; set; }
    public StudyStatus Status { get; set; }
    public string? Error { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime? OpenedUtc { get; set; }

    public List<RatingSet> Sets { get; set; } = [];
    public List<Rater> Raters { get; set; } = [];

    public IReadOnlyList<string> InstrumentList => Split(Instruments);
    public IReadOnlyList<string> MethodList => Split(Methods);

    static string[] Split(string csv) => csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
