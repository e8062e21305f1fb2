using CrossModal.Studies.Data;
using CrossModal.Studies.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrossModal.Studies.Rating;

/// <summary>
/// The rater's side: what to rate next, submitting one set's scores atomically, and the images. Every call starts
/// from the token and only ever touches that rater's study.
/// </summary>
public sealed class RatingService(StudiesDb db)
{
    public async Task<RaterState?> GetStateAsync(string token, CancellationToken ct = default)
    {
        if (!RaterTokens.LooksValid(token)) return null;
        await using var ctx = db.Create();
        var rater = await ctx.Raters.AsNoTracking().Include(r => r.Study).SingleOrDefaultAsync(r => r.Token == token, ct);
        if (rater?.Study is null) return null;

        var all = await ctx.RatingSets.AsNoTracking().Where(s => s.StudyId == rater.StudyId)
            .Select(s => new { s.Id, s.PublicId, s.Kind, s.Instrument, Images = s.Images.Select(i => new { i.Id, i.PublicId }).ToList() })
            .ToListAsync(ct);
        var sets = all.Where(s => s.Kind != SetKind.Practice).ToList();
        var ratedImages = (await ctx.Ratings.AsNoTracking().Where(r => r.RaterId == rater.Id).Select(r => r.StudyImageId).ToListAsync(ct)).ToHashSet();
        // A set counts as done when any of its images is rated: sets are saved whole, in one transaction.
        var done = sets.Where(s => s.Images.Any(i => ratedImages.Contains(i.Id))).Select(s => s.Id).ToHashSet();
        var share = ShareOf(rater, sets.Count);

        RaterSet? next = null, practice = null;
        if (rater.Study.Status == StudyStatus.Open)
        {
            // Each rater has their own order of sets and of images within a set, keyed by the study's secret so that
            // nothing the rater sees or can guess predicts which method drew which image.
            var key = rater.Study.BlindingKey;
            var ratings = await ctx.Ratings.AsNoTracking().Where(r => r.Image!.StudyId == rater.StudyId && !r.Rater!.Excluded)
                .GroupBy(r => r.Image!.RatingSetId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
            var ordered = StudyBlinding.Order(sets, s => s.PublicId, key, $"sets:{token}");
            var choice = SetAssignment.Next(
                ordered.Select(s => new SetAssignment.Candidate(s.Id, s.Kind == SetKind.Gold, ratings.GetValueOrDefault(s.Id) / s.Images.Count)).ToList(),
                done, share, StudyBlinding.Seed(key, $"gold:{token}") % share);
            RaterSet Shown(Guid setId, string instrument, IEnumerable<(int Id, Guid PublicId)> images) => new(setId, instrument,
                StudyBlinding.Order(images, i => i.PublicId, key, $"images:{token}:{setId:N}").Select(i => i.PublicId).ToList());
            if (choice is not null)
            {
                var first = ordered.Single(s => s.Id == choice.Id);
                next = Shown(first.PublicId, first.Instrument, first.Images.Select(i => (i.Id, i.PublicId)));
            }
            // Participants from the public link practise once, on a practice set of their own keyed order, before rating.
            if (rater.FromPublicLink && rater.PracticedUtc is null && done.Count == 0
                && StudyBlinding.Order(all.Where(s => s.Kind == SetKind.Practice), s => s.PublicId, key, $"practice:{token}").FirstOrDefault() is { } p)
                practice = Shown(p.PublicId, p.Instrument, p.Images.Select(i => (i.Id, i.PublicId)));
        }
        // Only participants from the public link are asked for consent and given the platform's way back.
        var crowd = rater.FromPublicLink;
        return new RaterState(rater.Study.Name, rater.Study.Status, share, Math.Min(done.Count, share), next,
            NeedsConsent: crowd && rater.ConsentedUtc is null,
            CompletionCode: crowd ? rater.Study.CompletionCode : null, CompletionUrl: crowd ? rater.Study.CompletionUrl : null, Practice: practice);
    }

    /// <summary>
    /// Feedback on a practice set (one verdict per image, in the order given) and the participant marked as practised;
    /// nothing is stored as a rating. Null when the set is not a practice set of the token's study or the scores do not
    /// cover exactly its images with 0..3.
    /// </summary>
    public async Task<IReadOnlyList<PracticeVerdict>?> PracticeAsync(string token, Guid setId, IReadOnlyDictionary<Guid, int> scores, CancellationToken ct = default)
    {
        if (!RaterTokens.LooksValid(token)) return null;
        await using var ctx = db.Create();
        var rater = await ctx.Raters.SingleOrDefaultAsync(r => r.Token == token, ct);
        if (rater is null) return null;
        var images = await ctx.Images.AsNoTracking()
            .Where(i => i.Set!.PublicId == setId && i.Set.Kind == SetKind.Practice && i.StudyId == rater.StudyId)
            .Select(i => new { i.PublicId, i.GoldRole }).ToListAsync(ct);
        if (images.Count == 0 || scores.Count != images.Count || images.Any(i => !scores.TryGetValue(i.PublicId, out var s) || !Rubric.IsValid(s)))
            return null;
        rater.PracticedUtc ??= DateTime.UtcNow;
        await ctx.SaveChangesAsync(ct);
        return scores.Keys.Select(id => Verdict(id, scores[id], images.Single(i => i.PublicId == id).GoldRole)).ToList();
    }

    static PracticeVerdict Verdict(Guid image, int given, GoldRole role) => role switch
    {
        GoldRole.DuplicateA => new(image, given, 2, 3, "a real scene of the named instrument: 3, or 2 if you cannot tell the instrument"),
        GoldRole.Broken => new(image, given, 0, 1, "noise or a blank field, not a picture of a player: 0, at most 1"),
        _ => new(image, given, 0, 3, "a generated image: any score the scale gives it is right"),
    };

    /// <summary>How many of the study's sets this rater rates: a participant from the public link their share, anyone else all.</summary>
    static int ShareOf(Rater rater, int sets) => Math.Min(ShareLimit(rater) ?? sets, sets);

    /// <summary>The share of sets a participant from the public link rates, when the study sets one; null: all of them.</summary>
    static int? ShareLimit(Rater rater) => rater.FromPublicLink && rater.Study!.SetsPerParticipant > 0 ? rater.Study.SetsPerParticipant : null;

    /// <summary>
    /// Stores the scores of one whole set in one transaction. <see cref="SubmitOutcome.Saved"/> is returned only after
    /// the commit; a repeat (double click, retry, second tab) gets <see cref="SubmitOutcome.AlreadyRated"/> and changes
    /// nothing, because the unique (rater, image) index refuses it even when two submissions race.
    /// </summary>
    /// <param name="seconds">How long the rater took over the set (from the page; null when not measured), stored with each score.</param>
    public async Task<SubmitOutcome> SubmitSetAsync(string token, Guid setId, IReadOnlyDictionary<Guid, int> scores, double? seconds = null,
        CancellationToken ct = default)
    {
        if (!RaterTokens.LooksValid(token)) return SubmitOutcome.InvalidLink;
        await using var ctx = db.Create();
        var rater = await ctx.Raters.AsNoTracking().Include(r => r.Study).SingleOrDefaultAsync(r => r.Token == token, ct);
        if (rater?.Study is null) return SubmitOutcome.InvalidLink;
        if (rater.Study.Status != StudyStatus.Open) return SubmitOutcome.StudyNotOpen;
        if (rater.FromPublicLink && rater.ConsentedUtc is null) return SubmitOutcome.ConsentNeeded;

        var images = await ctx.Images.AsNoTracking().Where(i => i.Set!.PublicId == setId && i.Set.Kind != SetKind.Practice && i.StudyId == rater.StudyId)
            .Select(i => new { i.Id, i.PublicId }).ToListAsync(ct);
        if (images.Count == 0) return SubmitOutcome.Invalid;
        if (scores.Count != images.Count || images.Any(i => !scores.TryGetValue(i.PublicId, out var s) || !Rubric.IsValid(s)))
            return SubmitOutcome.Invalid;
        var ids = images.Select(i => i.Id).ToList();
        if (await ctx.Ratings.AnyAsync(r => r.RaterId == rater.Id && ids.Contains(r.StudyImageId), ct))
            return SubmitOutcome.AlreadyRated;
        // A participant who has rated their share submits no more (the page never offers another set).
        if (ShareLimit(rater) is { } limit
            && await ctx.Ratings.Where(r => r.RaterId == rater.Id).Select(r => r.Image!.RatingSetId).Distinct().CountAsync(ct) >= limit)
            return SubmitOutcome.Invalid;

        var now = DateTime.UtcNow;
        // A time outside a day is no measurement (a tab left open overnight, a clock jump): kept as unknown.
        double? setSeconds = seconds is >= 0 and <= 86_400 ? Math.Round(seconds.Value, 1) : null;
        ctx.Ratings.AddRange(images.Select(i => new Data.Rating
        {
            RaterId = rater.Id, StudyImageId = i.Id, Score = scores[i.PublicId], RatedUtc = now, SetSeconds = setSeconds,
        }));
        try
        {
            // SaveChanges wraps the inserts in one transaction: the set is stored whole or not at all.
            await ctx.SaveChangesAsync(ct);
            return SubmitOutcome.Saved;
        }
        catch (DbUpdateException e) when (StudiesDb.IsUniqueViolation(e))
        {
            return SubmitOutcome.AlreadyRated;
        }
    }

    /// <summary>An image's PNG if it belongs to the token's study, else null (the same answer for any other id).</summary>
    public async Task<byte[]?> GetImageAsync(string token, Guid publicId, CancellationToken ct = default)
    {
        if (!RaterTokens.LooksValid(token)) return null;
        await using var ctx = db.Create();
        var studyId = await ctx.Raters.Where(r => r.Token == token).Select(r => (int?)r.StudyId).SingleOrDefaultAsync(ct);
        if (studyId is null) return null;
        return await ctx.Images.Where(i => i.PublicId == publicId && i.StudyId == studyId).Select(i => i.Png).SingleOrDefaultAsync(ct);
    }
}
