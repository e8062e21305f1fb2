using Microsoft.AspNetCore.Http;

namespace CrossModal.Studies.Rating;

/// <summary>
/// The ids a crowd platform appends to a study's public link: Prolific's <c>PROLIFIC_PID</c>, <c>STUDY_ID</c>,
/// <c>SESSION_ID</c>; MTurk's <c>workerId</c>, <c>hitId</c>, <c>assignmentId</c>; or a plain <c>participant</c> for any
/// other recruiter. The participant id is required (it is what keeps one person to one rater token per study).
/// </summary>
public sealed record PlatformIds(string? Participant, string? Study, string? Session)
{
    public const int MaxLength = 200;

    public static PlatformIds From(IQueryCollection query) => new(
        First(query, "PROLIFIC_PID", "workerId", "participant"),
        First(query, "STUDY_ID", "hitId"),
        First(query, "SESSION_ID", "assignmentId"));

    /// <summary>Every id given is 1-200 characters of letters, digits and <c>-_.:@</c>, and the participant id is there.</summary>
    public bool IsValid => Participant is not null && new[] { Participant, Study, Session }.All(id => id is null || Looks(id));

    static bool Looks(string id) => id.Length is > 0 and <= MaxLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '@');

    static string? First(IQueryCollection query, params string[] keys) =>
        keys.Select(k => query[k].ToString().Trim()).FirstOrDefault(v => v.Length > 0);
}
