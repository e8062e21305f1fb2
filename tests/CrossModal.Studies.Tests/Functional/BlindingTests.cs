using System.Security.Cryptography;
using System.Text.Json;
using CrossModal.Domain;
using CrossModal.Studies.Creation;
using CrossModal.Studies.Data;
using CrossModal.Studies.Domain;
using CrossModal.Studies.Rating;
using CrossModal.Studies.Tests.Support;
using Microsoft.EntityFrameworkCore;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace CrossModal.Studies.Tests.Functional;

/// <summary>
/// The blinding holds against a rater who knows everything but the study's secret: the algorithm, their token, the
/// page (set and image ids, in the order shown) and the study's seed. Gold sets cannot be found by their bytes.
/// </summary>
public sealed class BlindingTests(ITestOutputHelper output) : IDisposable
{
    readonly StudyFixture _f = new();

    public void Dispose() => _f.Dispose();

    /// <summary>A study with the default seed (1) and the default methods, inserted in their usual order.</summary>
    async Task<int> CreateDefaultSeedStudyAsync(int setsPerInstrument)
    {
        var id = await _f.Admin.CreateAsync(new StudySpec
        {
            Name = "blinding", Instruments = ["cello", "violin", "flute", "viola"], SetsPerInstrument = setsPerInstrument, GoldSets = 0,
        });
        await _f.Queue.GenerateAsync(id, CancellationToken.None);
        return id;
    }

    [Fact]
    public async Task A_rater_who_knows_the_algorithm_the_token_the_page_and_the_seed_predicts_methods_no_better_than_chance()
    {
        const int sets = 12;
        var id = await CreateDefaultSeedStudyAsync(sets);
        var token = (await _f.RaterTokensAsync(id, 1))[0];
        await using var ctx = _f.Db.Create();
        var study = await ctx.Studies.SingleAsync(s => s.Id == id);
        var methodOf = await ctx.Images.Where(i => i.StudyId == id).ToDictionaryAsync(i => i.PublicId, i => i.Method);
        var methods = study.MethodList;

        // The guesses an informed rater can make for the image in each position of a set as the page shows it.
        var guesses = new Dictionary<string, Func<RaterSet, IReadOnlyList<string>>>
        {
            // The seeded shuffle of the methods' insertion order, from the study's seed, the token and the set id on the page.
            ["seeded shuffle"] = set => SeededShuffle.Shuffle(methods, study.Seed, $"images:{token}:{set.SetId}"),
            ["insertion order"] = set => methods,
            // The methods' insertion order matched to the images sorted by their public ids.
            ["sorted by image id"] = set =>
            {
                var sorted = set.Images.Order().ToList();
                return set.Images.Select(i => methods[sorted.IndexOf(i)]).ToList();
            },
        };
        var hits = guesses.Keys.ToDictionary(k => k, _ => 0);
        int positions = 0;
        while ((await _f.Ratings.GetStateAsync(token))!.Next is { } set)
        {
            foreach (var (name, guess) in guesses)
            {
                var predicted = guess(set);
                hits[name] += set.Images.Where((image, k) => methodOf[image] == predicted[k]).Count();
            }
            positions += set.Images.Count;
            Assert.Equal(SubmitOutcome.Saved, await _f.Ratings.SubmitSetAsync(token, set.SetId, set.Images.ToDictionary(i => i, _ => 2)));
        }

        Assert.Equal(4 * sets * methods.Count, positions);
        // Chance is 1 in 4 per position; 4 standard deviations above it still refuses any real edge.
        double chance = 1.0 / methods.Count, bound = chance + 4 * Math.Sqrt(chance * (1 - chance) / positions);
        foreach (var (name, count) in hits)
        {
            output.WriteLine($"{name}: {count} of {positions} right ({(double)count / positions:P1}; chance {chance:P0}, bound {bound:P1})");
            Assert.True((double)count / positions < bound, $"the '{name}' guess predicts {count} of {positions} methods");
        }
    }

    [Fact]
    public async Task Every_study_has_its_own_secret_and_a_rater_sees_no_database_id()
    {
        var a = await CreateDefaultSeedStudyAsync(1);
        var b = await CreateDefaultSeedStudyAsync(1);
        await using var ctx = _f.Db.Create();
        var keys = await ctx.Studies.Where(s => s.Id == a || s.Id == b).Select(s => s.BlindingKey).ToListAsync();
        Assert.All(keys, k => Assert.Equal(StudyBlinding.KeyBytes, Convert.FromBase64String(k).Length));
        Assert.NotEqual(keys[0], keys[1]);

        var token = (await _f.RaterTokensAsync(a, 1))[0];
        var state = (await _f.Ratings.GetStateAsync(token))!;
        var set = await ctx.RatingSets.SingleAsync(s => s.PublicId == state.Next!.SetId);
        Assert.Equal(a, set.StudyId);
        // Nothing the rater's view holds is the key or a database id.
        var json = JsonSerializer.Serialize(state);
        Assert.DoesNotContain(keys[0], json);
        Assert.DoesNotContain($"\"SetId\":{set.Id}", json);
    }

    [Fact]
    public async Task A_study_stored_before_blinding_keys_gets_its_secret_and_public_set_ids_on_the_next_start()
    {
        var id = await CreateDefaultSeedStudyAsync(2);
        await using (var ctx = _f.Db.Create())
        {
            await ctx.Database.ExecuteSqlRawAsync("UPDATE Studies SET BlindingKey = ''");
            await ctx.Database.ExecuteSqlRawAsync("UPDATE RatingSets SET PublicId = '00000000-0000-0000-0000-000000000000'");
        }
        await _f.Db.MigrateAsync();

        await using var after = _f.Db.Create();
        Assert.Equal(StudyBlinding.KeyBytes, Convert.FromBase64String((await after.Studies.SingleAsync(s => s.Id == id)).BlindingKey).Length);
        var setIds = await after.RatingSets.Where(s => s.StudyId == id).Select(s => s.PublicId).ToListAsync();
        Assert.DoesNotContain(Guid.Empty, setIds);
        Assert.Equal(setIds.Count, setIds.Distinct().Count());
        var token = (await _f.RaterTokensAsync(id, 1))[0];
        var next = (await _f.Ratings.GetStateAsync(token))!.Next!;
        Assert.Equal(SubmitOutcome.Saved, await _f.Ratings.SubmitSetAsync(token, next.SetId, next.Images.ToDictionary(i => i, _ => 1)));
    }

    [Fact]
    public async Task Gold_duplicates_differ_by_bytes_but_not_to_the_eye()
    {
        var id = await _f.CreateOpenStudyAsync(instruments: ["cello", "violin"], sets: 1, gold: 4);
        await using var ctx = _f.Db.Create();
        var gold = await ctx.Images.Where(i => i.StudyId == id && i.Set!.Kind == SetKind.Gold && (i.GoldRole == GoldRole.DuplicateA || i.GoldRole == GoldRole.DuplicateB))
            .GroupBy(i => i.RatingSetId).ToListAsync();
        Assert.Equal(4, gold.Count);
        var hashes = new HashSet<string>();
        foreach (var pair in gold)
        {
            var (a, b) = (pair.Single(i => i.GoldRole == GoldRole.DuplicateA), pair.Single(i => i.GoldRole == GoldRole.DuplicateB));
            Assert.True(hashes.Add(Convert.ToHexString(SHA256.HashData(a.Png))));
            Assert.True(hashes.Add(Convert.ToHexString(SHA256.HashData(b.Png))));
            // The same picture: no channel of any pixel more than 2 of 255 apart, and both in the study's one encoding.
            Assert.InRange(MaxChannelGap(a.Png, b.Png), 1, 2);
            Assert.Equal(a.Png, StudyPng.Normalize(a.Png, "a"));
        }
    }

    static int MaxChannelGap(byte[] x, byte[] y)
    {
        using var a = Image.Load<Rgb24>(x);
        using var b = Image.Load<Rgb24>(y);
        int gap = 0;
        for (int row = 0; row < a.Height; row++)
            for (int col = 0; col < a.Width; col++)
            {
                var (p, q) = (a[col, row], b[col, row]);
                gap = Math.Max(gap, Math.Max(Math.Abs(p.R - q.R), Math.Max(Math.Abs(p.G - q.G), Math.Abs(p.B - q.B))));
            }
        return gap;
    }
}
