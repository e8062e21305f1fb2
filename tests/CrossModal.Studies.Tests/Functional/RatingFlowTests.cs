using CrossModal.Studies.Creation;
using CrossModal.Studies.Data;
using CrossModal.Studies.Domain;
using CrossModal.Studies.Rating;
using CrossModal.Studies.Tests.Support;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace CrossModal.Studies.Tests.Functional;

/// <summary>The rater's path through a study against a real SQLite file.</summary>
public sealed class RatingFlowTests : IDisposable
{
    readonly StudyFixture _f = new();

    public void Dispose() => _f.Dispose();

    static Dictionary<Guid, int> Scores(RaterSet set, int score = 2) => set.Images.ToDictionary(i => i, _ => score);

    [Fact]
    public async Task A_study_is_generated_whole_with_every_set_and_gold_set()
    {
        var id = await _f.CreateOpenStudyAsync(sets: 3, gold: 3);
        await using var ctx = _f.Db.Create();
        var study = await ctx.Studies.SingleAsync(s => s.Id == id);
        Assert.Equal(StudyStatus.Open, study.Status);
        var sets = await ctx.RatingSets.Include(s => s.Images).Where(s => s.StudyId == id).ToListAsync();
        Assert.Equal(2 * 3, sets.Count(s => s.Kind == SetKind.Regular));
        Assert.Equal(3, sets.Count(s => s.Kind == SetKind.Gold));
        Assert.All(sets.Where(s => s.Kind == SetKind.Regular), s => Assert.Equal(StudyMethods.Default.Order(), s.Images.Select(i => i.Method).Order()));
        Assert.All(sets.Where(s => s.Kind == SetKind.Gold), s => Assert.Equal(
            [GoldRole.DuplicateA, GoldRole.DuplicateB, GoldRole.Broken, GoldRole.Filler], s.Images.Select(i => i.GoldRole).Order()));
        // Gold duplicates are the same picture, not the same bytes (BlindingTests); a gold set's sample is not one of the regular sets'.
        foreach (var g in sets.Where(s => s.Kind == SetKind.Gold))
        {
            Assert.NotEqual(g.Images.Single(i => i.GoldRole == GoldRole.DuplicateA).Png, g.Images.Single(i => i.GoldRole == GoldRole.DuplicateB).Png);
            Assert.DoesNotContain(sets.Where(s => s.Kind == SetKind.Regular), r => r.SampleName == g.SampleName);
        }
        Assert.Equal(sets.Sum(s => s.Images.Count), sets.SelectMany(s => s.Images).Select(i => i.PublicId).Distinct().Count());
    }

    [Fact]
    public async Task Every_stored_image_is_a_64x64_png_from_one_encoder_whatever_the_source_gave()
    {
        // A source answering with another PNG encoder (alpha, other compression) must not stand out.
        _f.Source.GeneratedEncoder = new PngEncoder { ColorType = PngColorType.RgbWithAlpha, CompressionLevel = PngCompressionLevel.BestCompression };
        var id = await _f.CreateOpenStudyAsync(instruments: ["cello"], sets: 2, gold: 1);
        await using var ctx = _f.Db.Create();
        var images = await ctx.Images.Where(i => i.StudyId == id).ToListAsync();
        Assert.NotEmpty(images);
        foreach (var image in images)
        {
            using var decoded = Image.Load<Rgb24>(image.Png);
            Assert.Equal((64, 64), (decoded.Width, decoded.Height));
            Assert.Equal(image.Png, StudyPng.Normalize(image.Png, "stored")); // already in the one encoding
        }
    }

    [Fact]
    public async Task A_source_image_of_another_size_fails_the_study_naming_it_instead_of_being_stored()
    {
        // The services send 64x64; the web app resizes nothing (that is core's preprocessing, not the web's).
        _f.Source.GeneratedSize = 100;
        var id = await _f.CreateOpenStudyAsync(instruments: ["cello"], sets: 1, gold: 0);
        var study = await _f.Admin.GetAsync(id);
        Assert.Equal(StudyStatus.Failed, study!.Status);
        Assert.Contains("100x100", study.Error);
        await using var ctx = _f.Db.Create();
        Assert.Equal(0, await ctx.Images.CountAsync(i => i.StudyId == id));
    }

    [Fact]
    public async Task A_rater_rates_every_set_once_and_can_stop_and_come_back()
    {
        var id = await _f.CreateOpenStudyAsync();
        var token = (await _f.RaterTokensAsync(id, 1))[0];
        var first = await _f.Ratings.GetStateAsync(token);
        Assert.NotNull(first);
        Assert.Equal(5, first.TotalSets);
        Assert.Equal(0, first.CompletedSets);

        var set = first.Next!;
        Assert.Equal(SubmitOutcome.Saved, await _f.Ratings.SubmitSetAsync(token, set.SetId, Scores(set, 3)));
        // The same set again (double click, second tab): refused, nothing changes.
        Assert.Equal(SubmitOutcome.AlreadyRated, await _f.Ratings.SubmitSetAsync(token, set.SetId, Scores(set, 0)));

        // "Come back later": a new service over the same file sees the progress.
        var again = await new RatingService(new StudiesDb(DatabaseProvider.Sqlite, $"Data Source={_f.DatabasePath}")).GetStateAsync(token);
        Assert.Equal(1, again!.CompletedSets);
        Assert.NotEqual(set.SetId, again.Next!.SetId);

        var seen = new HashSet<Guid> { set.SetId };
        while ((await _f.Ratings.GetStateAsync(token))!.Next is { } next)
        {
            Assert.True(seen.Add(next.SetId), "a set was offered twice");
            Assert.Equal(SubmitOutcome.Saved, await _f.Ratings.SubmitSetAsync(token, next.SetId, Scores(next)));
        }
        var done = await _f.Ratings.GetStateAsync(token);
        Assert.True(done!.Finished);
        Assert.Equal(5, seen.Count);
        await using var ctx = _f.Db.Create();
        Assert.Equal(5 * 4, await ctx.Ratings.CountAsync());
        Assert.All(await ctx.Ratings.Where(r => r.Image!.Set!.PublicId == set.SetId).ToListAsync(), r => Assert.Equal(3, r.Score));
    }

    [Fact]
    public async Task Each_rater_gets_their_own_stable_order()
    {
        var id = await _f.CreateOpenStudyAsync(instruments: ["cello", "violin", "flute", "viola"], sets: 3);
        var tokens = await _f.RaterTokensAsync(id, 6);
        var firsts = new List<(Guid, Guid)>();
        foreach (var t in tokens)
        {
            var a = (await _f.Ratings.GetStateAsync(t))!.Next!;
            var b = (await _f.Ratings.GetStateAsync(t))!.Next!;
            Assert.Equal(a.SetId, b.SetId);
            Assert.Equal(a.Images, b.Images);
            firsts.Add((a.SetId, a.Images[0]));
        }
        Assert.True(firsts.Distinct().Count() > 1, "every rater got the same first set and image order");
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("four")]
    [InlineData("negative")]
    [InlineData("stranger")]
    public async Task Bad_submissions_are_refused_and_change_nothing(string kind)
    {
        var id = await _f.CreateOpenStudyAsync();
        var token = (await _f.RaterTokensAsync(id, 1))[0];
        var set = (await _f.Ratings.GetStateAsync(token))!.Next!;
        var scores = Scores(set);
        switch (kind)
        {
            case "missing": scores.Remove(set.Images[0]); break;
            case "four": scores[set.Images[0]] = 4; break;
            case "negative": scores[set.Images[1]] = -1; break;
            case "stranger": scores[Guid.NewGuid()] = 1; scores.Remove(set.Images[0]); break;
        }
        Assert.Equal(SubmitOutcome.Invalid, await _f.Ratings.SubmitSetAsync(token, set.SetId, scores));
        await using var ctx = _f.Db.Create();
        Assert.Equal(0, await ctx.Ratings.CountAsync());
    }

    [Fact]
    public async Task A_token_cannot_submit_into_another_study_or_a_closed_one()
    {
        var a = await _f.CreateOpenStudyAsync(name: "a");
        var b = await _f.CreateOpenStudyAsync(name: "b");
        var tokenA = (await _f.RaterTokensAsync(a, 1))[0];
        var setB = (await _f.Ratings.GetStateAsync((await _f.RaterTokensAsync(b, 1))[0]))!.Next!;
        Assert.Equal(SubmitOutcome.Invalid, await _f.Ratings.SubmitSetAsync(tokenA, setB.SetId, Scores(setB)));
        Assert.Equal(SubmitOutcome.InvalidLink, await _f.Ratings.SubmitSetAsync("AAAAAAAAAAAAAAAAAAAAAA", setB.SetId, Scores(setB)));
        Assert.Equal(SubmitOutcome.InvalidLink, await _f.Ratings.SubmitSetAsync("' OR 1=1 --", setB.SetId, Scores(setB)));

        await _f.Admin.SetOpenAsync(a, open: false);
        var setA = (await _f.Ratings.GetStateAsync(tokenA))!;
        Assert.Equal(StudyStatus.Closed, setA.Status);
        Assert.Null(setA.Next);
        await using var ctx = _f.Db.Create();
        var anySetA = await ctx.RatingSets.Where(s => s.StudyId == a).Select(s => new { s.PublicId, Ids = s.Images.Select(i => i.PublicId).ToList() }).FirstAsync();
        Assert.Equal(SubmitOutcome.StudyNotOpen, await _f.Ratings.SubmitSetAsync(tokenA, anySetA.PublicId, anySetA.Ids.ToDictionary(i => i, _ => 1)));
        Assert.Equal(0, await ctx.Ratings.CountAsync());
    }

    [Fact]
    public async Task Bad_study_specs_are_refused_before_anything_is_stored()
    {
        var bad = new[]
        {
            new StudySpec { Name = "", Instruments = ["cello"] },
            new StudySpec { Name = "x", Instruments = [] },
            new StudySpec { Name = "x", Instruments = ["kazoo"] },
            new StudySpec { Name = "x", Instruments = ["cello", "cello"] },
            new StudySpec { Name = "x", Instruments = ["cello"], SetsPerInstrument = 0 },
            new StudySpec { Name = "x", Instruments = ["cello"], SetsPerInstrument = 51 },
            new StudySpec { Name = "x", Instruments = ["cello"], Methods = [] },
            new StudySpec { Name = "x", Instruments = ["cello"], Methods = ["S2I-X"] },
            new StudySpec { Name = "x", Instruments = ["cello"], GoldSets = -1 },
            new StudySpec { Name = "x", Instruments = ["cello"], Seed = -5 },
            new StudySpec { Name = new string('n', 201), Instruments = ["cello"] },
        };
        foreach (var spec in bad)
        {
            var e = await Assert.ThrowsAsync<StudyInputException>(() => _f.Admin.CreateAsync(spec));
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
        await using var ctx = _f.Db.Create();
        Assert.Equal(0, await ctx.Studies.CountAsync());
        await Assert.ThrowsAsync<StudyInputException>(() => _f.Admin.CreateRatersAsync(12345, 1, null));
        await Assert.ThrowsAsync<StudyInputException>(() => _f.Admin.CreateRatersAsync(1, 0, null));
    }

    [Fact]
    public async Task A_failed_generation_stores_no_set_and_says_why_and_can_be_retried()
    {
        _f.Source.FailWith = new StudySourceException("evaluator", new RpcException(new Status(StatusCode.FailedPrecondition,
            "the studies dataset 'synthetic' has 0 validation pair(s) of cello; the study needs 3.")));
        var id = await _f.CreateOpenStudyAsync();
        var study = await _f.Admin.GetAsync(id);
        Assert.Equal(StudyStatus.Failed, study!.Status);
        Assert.Contains("validation pair", study.Error);
        Assert.Contains("the evaluator service refused", study.Error);
        await using (var ctx = _f.Db.Create())
            Assert.Equal(0, await ctx.RatingSets.CountAsync());

        _f.Source.FailWith = null;
        await _f.Admin.RetryAsync(id);
        await _f.Queue.GenerateAsync(id, CancellationToken.None);
        Assert.Equal(StudyStatus.Open, (await _f.Admin.GetAsync(id))!.Status);
    }

    [Fact]
    public async Task Gold_failures_are_found_and_excluding_a_rater_recomputes_results()
    {
        var id = await _f.CreateOpenStudyAsync(instruments: ["cello"], sets: 2, gold: 1, methods: ["S2I-C", "GT"]);
        var tokens = await _f.RaterTokensAsync(id, 2);
        await using var ctx = _f.Db.Create();
        var roles = await ctx.Images.Where(i => i.StudyId == id).ToDictionaryAsync(i => i.PublicId, i => (i.Method, i.GoldRole));
        // Rater 0 is careful (GT 3, S2I-C 1, broken 0); rater 1 scores everything 3 (fails: broken image scored 3).
        for (int r = 0; r < 2; r++)
            while ((await _f.Ratings.GetStateAsync(tokens[r]))!.Next is { } set)
                await _f.Ratings.SubmitSetAsync(tokens[r], set.SetId, set.Images.ToDictionary(i => i, i => r == 1 ? 3 :
                    roles[i].GoldRole == GoldRole.Broken ? 0 : roles[i].Method == "GT" ? 3 : 1));

        var results = await _f.Admin.ResultsAsync(id);
        var careful = results.Raters[0];
        var careless = results.Raters[1];
        Assert.False(careful.FailedGold);
        Assert.True(careless.FailedGold);
        Assert.Contains(careless.GoldFailures, f => f.Contains("broken image scored 3"));
        Assert.Equal(2.0, results.Methods.Single(m => m.Method == "S2I-C").Mean!.Mean, 9);

        Assert.Equal(1, await _f.Admin.ExcludeGoldFailuresAsync(id));
        var after = await _f.Admin.ResultsAsync(id);
        Assert.Equal(1.0, after.Methods.Single(m => m.Method == "S2I-C").Mean!.Mean, 9);
        Assert.Equal(1, after.RatersUsed);
        Assert.Equal([0, 2, 0, 0], after.Methods.Single(m => m.Method == "S2I-C").Histogram);
    }
}
