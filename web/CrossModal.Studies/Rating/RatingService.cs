using CrossModal.Domain;
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

        var sets = await ctx.RatingSets.AsNoTracking().Where(s => s.StudyId == rater.StudyId)
            .Select(s => new { s.Id, s.Instrument, Images = s.Images.Select(i => new { i.Id, i.PublicId }).ToList() })
            .ToListAsync(ct);
        var ratedImages = (await ctx.Ratings.AsNoTracking().Where(r => r.RaterId == rater.Id).Select(r => r.StudyImageId).ToListAsync(ct)).ToHashSet();
        // A set counts as done when any of its images is rated: sets are saved whole, in one transaction.
        var done = sets.Where(s => s.Images.Any(i => ratedImages.Contains(i.Id))).Select(s => s.Id).ToHashSet();

        RaterSet? next = null;
        if (rater.Study.Status == StudyStatus.Open)
        {
            // Each rater has their own order of sets and of images within a set, stable across visits (seeded by the token).
            var order = SeededShuffle.Shuffle(sets.OrderBy(s => s.Id), rater.Study.Seed, "sets:" + token);
            var first = order.FirstOrDefault(s => !done.Contains(s.Id));
            if (first is not null)
                next = new RaterSet(first.Id, first.Instrument,
                    SeededShuffle.Shuffle(first.Images.OrderBy(i => i.Id), rater.Study.Seed, $"images:{token}:{first.Id}").Select(i => i.PublicId).ToList());
        }
        return new RaterState(rater.Study.Name, rater.Study.Status, sets.Count, done.Count, next);
    }

    /// <summary>
    /// Stores the scores of one whole set in one transaction. <see cref="SubmitOutcome.Saved"/> is returned only after
    /// the commit; a repeat (double click, retry, second tab) gets <see cref="SubmitOutcome.AlreadyRated"/> and changes
    /// nothing, because the unique (rater, image) index refuses it even when two submissions race.
    /// </summary>
    public async Task<SubmitOutcome> SubmitSetAsync(string token, int setId, IReadOnlyDictionary<Guid, int> scores, CancellationToken ct = default)
    {
        if (!RaterTokens.LooksValid(token)) return SubmitOutcome.InvalidLink;
        await using var ctx = db.Create();
        var rater = await ctx.Raters.AsNoTracking().Include(r => r.Study).SingleOrDefaultAsync(r => r.Token == token, ct);
        if (rater?.Study is null) return SubmitOutcome.InvalidLink;
        if (rater.Study.Status != StudyStatus.Open) return SubmitOutcome.StudyNotOpen;

        var images = await ctx.Images.AsNoTracking().Where(i => i.RatingSetId == setId && i.StudyId == rater.StudyId)
            .Select(i => new { i.Id, i.PublicId }).ToListAsync(ct);
        if (images.Count == 0) return SubmitOutcome.Invalid;
        if (scores.Count != images.Count || images.Any(i => !scores.TryGetValue(i.PublicId, out var s) || !Rubric.IsValid(s)))
            return SubmitOutcome.Invalid;
        var ids = images.Select(i => i.Id).ToList();
        if (await ctx.Ratings.AnyAsync(r => r.RaterId == rater.Id && ids.Contains(r.StudyImageId), ct))
            return SubmitOutcome.AlreadyRated;

        var now = DateTime.UtcNow;
        ctx.Ratings.AddRange(images.Select(i => new Data.Rating { RaterId = rater.Id, StudyImageId = i.Id, Score = scores[i.PublicId], RatedUtc = now }));
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
