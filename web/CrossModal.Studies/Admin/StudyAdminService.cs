using CrossModal.Studies.Creation;
using CrossModal.Studies.Data;
using CrossModal.Studies.Domain;
using CrossModal.Studies.Rating;
using CrossModal.Studies.Results;
using Microsoft.EntityFrameworkCore;

namespace CrossModal.Studies.Admin;

public sealed record StudySummary(int Id, string Name, StudyStatus Status, string? Error, int Instruments, int Sets, int Raters, int Ratings, DateTime CreatedUtc);

/// <param name="ParticipantId">The crowd platform's id of a participant who came through the public link; null for a hand-made link.</param>
public sealed record RaterLink(int Id, string Token, string? Label, bool Excluded, DateTime CreatedUtc, int SetsRated, string? ParticipantId = null);

/// <summary>The researcher's side: create studies, open/close them, hand out rater links, read results. Admin pages only.</summary>
public sealed class StudyAdminService(StudiesDb db, StudyGenerationQueue queue)
{
    public const int MaxRatersPerRequest = 200;

    public async Task<IReadOnlyList<StudySummary>> ListAsync(CancellationToken ct = default)
    {
        await using var ctx = db.Create();
        var studies = await ctx.Studies.AsNoTracking().OrderByDescending(s => s.Id)
            .Select(s => new { s.Id, s.Name, s.Status, s.Error, s.Instruments, s.CreatedUtc, Sets = s.Sets.Count, Raters = s.Raters.Count })
            .ToListAsync(ct);
        var ratings = await ctx.Ratings.AsNoTracking().GroupBy(r => r.Rater!.StudyId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return studies.Select(s => new StudySummary(s.Id, s.Name, s.Status, s.Error, s.Instruments.Split(',').Length, s.Sets, s.Raters,
            ratings.GetValueOrDefault(s.Id), s.CreatedUtc)).ToList();
    }

    public async Task<Study?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var ctx = db.Create();
        return await ctx.Studies.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
    }

    public (int Done, int Total)? GenerationProgress(int id) => queue.Progress(id);

    /// <summary>Stores the study as <see cref="StudyStatus.Generating"/> and queues its generation. Bad specs are refused before anything is stored.</summary>
    public async Task<int> CreateAsync(StudySpec spec, CancellationToken ct = default)
    {
        spec.Validate();
        var study = new Study
        {
            Name = spec.Name.Trim(),
            Instruments = string.Join(',', spec.OrderedInstruments()),
            Methods = string.Join(',', StudyMethods.All.Where(spec.Methods.Contains)),
            SetsPerInstrument = spec.SetsPerInstrument,
            GoldSets = spec.GoldSets,
            PracticeSets = spec.PracticeSets,
            Seed = spec.Seed,
            BlindingKey = StudyBlinding.NewKey(),
            Status = StudyStatus.Generating,
            CreatedUtc = DateTime.UtcNow,
        };
        await using var ctx = db.Create();
        ctx.Studies.Add(study);
        await ctx.SaveChangesAsync(ct);
        queue.Enqueue(study.Id);
        return study.Id;
    }

    /// <summary>Queues a failed study's generation again (e.g. after starting the generator service).</summary>
    public async Task RetryAsync(int id, CancellationToken ct = default)
    {
        await using var ctx = db.Create();
        var study = await ctx.Studies.SingleOrDefaultAsync(s => s.Id == id, ct) ?? throw new StudyInputException($"no study {id}.");
        if (study.Status != StudyStatus.Failed) throw new StudyInputException("only a failed study can be generated again.");
        study.Status = StudyStatus.Generating;
        study.Error = null;
        await ctx.SaveChangesAsync(ct);
        queue.Enqueue(id);
    }

    /// <summary>Closes an open study or reopens a closed one; images never change either way.</summary>
    public async Task SetOpenAsync(int id, bool open, CancellationToken ct = default)
    {
        await using var ctx = db.Create();
        var study = await ctx.Studies.SingleOrDefaultAsync(s => s.Id == id, ct) ?? throw new StudyInputException($"no study {id}.");
        if (study.Status is not (StudyStatus.Open or StudyStatus.Closed))
            throw new StudyInputException("only a generated study can be opened or closed.");
        study.Status = open ? StudyStatus.Open : StudyStatus.Closed;
        await ctx.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Opens (or updates) the study's public link for a crowd platform and returns it; the link stays the same across
    /// updates, so a posted study keeps working. Only a generated study (open or closed) has one.
    /// </summary>
    public async Task<string> OpenPublicLinkAsync(int studyId, PublicLinkSpec spec, CancellationToken ct = default)
    {
        spec.Validate();
        await using var ctx = db.Create();
        var study = await ctx.Studies.SingleOrDefaultAsync(s => s.Id == studyId, ct) ?? throw new StudyInputException($"no study {studyId}.");
        if (study.Status is not (StudyStatus.Open or StudyStatus.Closed))
            throw new StudyInputException("only a generated study can have a public link.");
        study.PublicLink ??= RaterTokens.New();
        study.ParticipantQuota = spec.Quota;
        study.SetsPerParticipant = spec.SetsPerParticipant;
        study.MinSecondsPerSet = spec.MinSecondsPerSet;
        study.CompletionCode = string.IsNullOrWhiteSpace(spec.CompletionCode) ? null : spec.CompletionCode.Trim();
        study.CompletionUrl = string.IsNullOrWhiteSpace(spec.CompletionUrl) ? null : spec.CompletionUrl.Trim();
        await ctx.SaveChangesAsync(ct);
        return study.PublicLink;
    }

    /// <summary>Participants who came through the study's public link so far.</summary>
    public async Task<int> ParticipantsJoinedAsync(int studyId, CancellationToken ct = default)
    {
        await using var ctx = db.Create();
        return await ParticipantJoin.ParticipantsAsync(ctx, studyId, ct);
    }

    /// <summary>Closes the public link: new arrivals are refused; participants who joined keep their own links.</summary>
    public async Task ClosePublicLinkAsync(int studyId, CancellationToken ct = default)
    {
        await using var ctx = db.Create();
        var study = await ctx.Studies.SingleOrDefaultAsync(s => s.Id == studyId, ct) ?? throw new StudyInputException($"no study {studyId}.");
        study.PublicLink = null;
        await ctx.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<RaterLink>> CreateRatersAsync(int studyId, int count, string? label, CancellationToken ct = default)
    {
        if (count is < 1 or > MaxRatersPerRequest) throw new StudyInputException($"create 1 to {MaxRatersPerRequest} links at a time, got {count}.");
        label = string.IsNullOrWhiteSpace(label) ? null : label.Trim();
        if (label is { Length: > 200 }) throw new StudyInputException("a label is at most 200 characters.");
        await using var ctx = db.Create();
        if (!await ctx.Studies.AnyAsync(s => s.Id == studyId, ct)) throw new StudyInputException($"no study {studyId}.");
        var now = DateTime.UtcNow;
        var raters = Enumerable.Range(0, count)
            .Select(i => new Rater { StudyId = studyId, Token = RaterTokens.New(), Label = count == 1 || label is null ? label : $"{label} {i + 1}", CreatedUtc = now })
            .ToList();
        ctx.Raters.AddRange(raters);
        await ctx.SaveChangesAsync(ct);
        return raters.Select(r => new RaterLink(r.Id, r.Token, r.Label, false, r.CreatedUtc, 0)).ToList();
    }

    public async Task<IReadOnlyList<RaterLink>> ListRatersAsync(int studyId, CancellationToken ct = default)
    {
        await using var ctx = db.Create();
        return await ctx.Raters.AsNoTracking().Where(r => r.StudyId == studyId).OrderBy(r => r.Id)
            .Select(r => new RaterLink(r.Id, r.Token, r.Label, r.Excluded, r.CreatedUtc,
                r.Ratings.Select(x => x.Image!.RatingSetId).Distinct().Count(), r.ParticipantId))
            .ToListAsync(ct);
    }

    public async Task SetExcludedAsync(int studyId, int raterId, bool excluded, CancellationToken ct = default)
    {
        await using var ctx = db.Create();
        var rater = await ctx.Raters.SingleOrDefaultAsync(r => r.Id == raterId && r.StudyId == studyId, ct)
            ?? throw new StudyInputException($"no rater {raterId} in study {studyId}.");
        rater.Excluded = excluded;
        await ctx.SaveChangesAsync(ct);
    }

    /// <summary>Marks every rater who failed a gold check as excluded; returns how many were newly excluded.</summary>
    public async Task<int> ExcludeGoldFailuresAsync(int studyId, CancellationToken ct = default)
    {
        var results = await ResultsAsync(studyId, ct);
        int n = 0;
        foreach (var r in results.Raters.Where(r => r.FailedGold && !r.Excluded))
        {
            await SetExcludedAsync(studyId, r.RaterId, true, ct);
            n++;
        }
        return n;
    }

    public async Task<IReadOnlyList<RatingRow>> RowsAsync(int studyId, CancellationToken ct = default)
    {
        await using var ctx = db.Create();
        return await ctx.Ratings.AsNoTracking().Where(r => r.Rater!.StudyId == studyId)
            .OrderBy(r => r.RaterId).ThenBy(r => r.Image!.RatingSetId).ThenBy(r => r.StudyImageId)
            .Select(r => new RatingRow(r.RaterId, r.Rater!.Label, r.Rater.Excluded,
                r.Image!.RatingSetId, r.Image.Set!.Kind, r.Image.Set.Instrument, r.Image.Set.SampleName,
                r.StudyImageId, r.Image.PublicId, r.Image.Method, r.Image.GoldRole, r.Score, r.RatedUtc, r.SetSeconds))
            .ToListAsync(ct);
    }

    public async Task<StudyResults> ResultsAsync(int studyId, CancellationToken ct = default)
    {
        var study = await GetAsync(studyId, ct) ?? throw new StudyInputException($"no study {studyId}.");
        var rows = await RowsAsync(studyId, ct);
        await using var ctx = db.Create();
        var raters = await ctx.Raters.AsNoTracking().Where(r => r.StudyId == studyId)
            .Select(r => new { r.Id, r.Label, r.Excluded, Crowd = r.ParticipantId != null }).ToListAsync(ct);
        return StudyResults.Compute(study.MethodList, study.InstrumentList, rows,
            raters.Select(r => new RaterInfo(r.Id, r.Label, r.Excluded, r.Crowd)), study.MinSecondsPerSet);
    }
}
