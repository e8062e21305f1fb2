using CrossModal.Studies.Data;
using Microsoft.EntityFrameworkCore;

namespace CrossModal.Studies.Rating;

public enum JoinOutcome
{
    /// <summary>A new rater token for this participant.</summary>
    Joined,
    /// <summary>This participant came before: their own token again (they continue where they stopped).</summary>
    Resumed,
    /// <summary>The quota is reached; nothing stored.</summary>
    Full,
    /// <summary>No study has this public link (or it was closed); nothing stored.</summary>
    NoSuchLink,
    /// <summary>The study is not open (still generating, closed or failed); nothing stored.</summary>
    StudyNotOpen,
    /// <summary>The link came without a usable participant id; nothing stored.</summary>
    NoParticipantId,
}

public sealed record JoinResult(JoinOutcome Outcome, string? Token = null);

/// <summary>
/// Arrivals through a study's public link (a crowd platform posts one link; each participant gets their own rater
/// token). One participant id is one rater per study, held by a unique index even when two arrivals of the same
/// participant race; the quota holds exactly under concurrent arrivals: each new rater looks at its place among the
/// study's participants after it is stored, and one beyond the quota removes itself and answers <see cref="JoinOutcome.Full"/>.
/// </summary>
public sealed class ParticipantJoin(StudiesDb db)
{
    public async Task<JoinResult> JoinAsync(string link, PlatformIds ids, CancellationToken ct = default)
    {
        if (!RaterTokens.LooksValid(link)) return new(JoinOutcome.NoSuchLink);
        await using var ctx = db.Create();
        var study = await ctx.Studies.AsNoTracking().Where(s => s.PublicLink == link)
            .Select(s => new { s.Id, s.Status, s.ParticipantQuota }).SingleOrDefaultAsync(ct);
        if (study is null) return new(JoinOutcome.NoSuchLink);
        if (study.Status != StudyStatus.Open) return new(JoinOutcome.StudyNotOpen);
        if (!ids.IsValid) return new(JoinOutcome.NoParticipantId);

        if (await TokenOfAsync(ctx, study.Id, ids.Participant!, ct) is { } existing) return new(JoinOutcome.Resumed, existing);
        if (await ParticipantsAsync(ctx, study.Id, ct) >= study.ParticipantQuota) return new(JoinOutcome.Full);

        var rater = new Rater
        {
            StudyId = study.Id, Token = RaterTokens.New(), ParticipantId = ids.Participant, PlatformStudyId = ids.Study,
            PlatformSessionId = ids.Session, CreatedUtc = DateTime.UtcNow,
        };
        ctx.Raters.Add(rater);
        try
        {
            await ctx.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (StudiesDb.IsUniqueViolation(e))
        {
            // The same participant arrived twice at once: the other arrival's token.
            await using var again = db.Create();
            return new(JoinOutcome.Resumed, await TokenOfAsync(again, study.Id, ids.Participant!, ct));
        }

        // Exact under concurrency: only the first `quota` participants by id keep their place.
        var place = await ctx.Raters.CountAsync(r => r.StudyId == study.Id && r.ParticipantId != null && r.Id <= rater.Id, ct);
        if (place > study.ParticipantQuota)
        {
            ctx.Raters.Remove(rater);
            await ctx.SaveChangesAsync(ct);
            return new(JoinOutcome.Full);
        }
        return new(JoinOutcome.Joined, rater.Token);
    }

    /// <summary>Records that the participant holding <paramref name="token"/> agreed to the consent text (once; later calls change nothing).</summary>
    public async Task<bool> ConsentAsync(string token, CancellationToken ct = default)
    {
        if (!RaterTokens.LooksValid(token)) return false;
        await using var ctx = db.Create();
        var rater = await ctx.Raters.SingleOrDefaultAsync(r => r.Token == token, ct);
        if (rater is null) return false;
        rater.ConsentedUtc ??= DateTime.UtcNow;
        await ctx.SaveChangesAsync(ct);
        return true;
    }

    static Task<string?> TokenOfAsync(StudiesDbContext ctx, int studyId, string participant, CancellationToken ct) =>
        ctx.Raters.Where(r => r.StudyId == studyId && r.ParticipantId == participant).Select(r => r.Token).SingleOrDefaultAsync(ct);

    /// <summary>Participants who came through the study's public link so far.</summary>
    public static Task<int> ParticipantsAsync(StudiesDbContext ctx, int studyId, CancellationToken ct) =>
        ctx.Raters.CountAsync(r => r.StudyId == studyId && r.ParticipantId != null, ct);
}
