using System.Collections.Concurrent;
using CrossModal.Studies.Rating;
using CrossModal.Studies.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace CrossModal.Studies.Tests.Functional;

/// <summary>
/// 50 raters submitting at once into one SQLite file, with duplicate submissions and double clicks racing each
/// other: every acknowledged set is stored, nothing twice.
/// </summary>
public sealed class ConcurrencyTests(ITestOutputHelper output) : IDisposable
{
    readonly StudyFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Fifty_concurrent_raters_lose_no_rating_and_create_no_duplicate()
    {
        const int raters = 50;
        var id = await _f.CreateOpenStudyAsync(instruments: ["cello", "violin"], sets: 3, gold: 2);
        var tokens = await _f.RaterTokensAsync(id, raters);
        var acked = new ConcurrentBag<(string Token, Guid SetId, Dictionary<Guid, int> Scores)>();
        int duplicatesRefused = 0, submissions = 0;

        using var start = new SemaphoreSlim(0, raters);
        var workers = tokens.Select((token, n) => Task.Run(async () =>
        {
            await start.WaitAsync();
            var rng = new Random(n);
            var seen = 0;
            while ((await _f.Ratings.GetStateAsync(token))!.Next is { } set)
            {
                var scores = set.Images.ToDictionary(i => i, _ => rng.Next(4));
                // A double click: the same set submitted twice at the same moment; every third set also a late repeat.
                var both = await Task.WhenAll(_f.Ratings.SubmitSetAsync(token, set.SetId, scores), _f.Ratings.SubmitSetAsync(token, set.SetId, scores));
                Interlocked.Add(ref submissions, 2);
                Assert.Equal(1, both.Count(o => o == SubmitOutcome.Saved));
                Assert.Equal(1, both.Count(o => o == SubmitOutcome.AlreadyRated));
                Interlocked.Increment(ref duplicatesRefused);
                acked.Add((token, set.SetId, scores));
                if (++seen % 3 == 0)
                {
                    Assert.Equal(SubmitOutcome.AlreadyRated, await _f.Ratings.SubmitSetAsync(token, set.SetId, scores));
                    Interlocked.Increment(ref duplicatesRefused);
                    Interlocked.Increment(ref submissions);
                }
            }
        })).ToList();
        start.Release(raters);
        await Task.WhenAll(workers);

        await using var ctx = _f.Db.Create();
        // Practice sets are for participants from a public link, never rated.
        int setsPerRater = await ctx.RatingSets.CountAsync(s => s.StudyId == id && s.Kind != Data.SetKind.Practice);
        int imagesPerRater = await ctx.Images.CountAsync(i => i.StudyId == id && i.Set!.Kind != Data.SetKind.Practice);
        Assert.Equal(raters * setsPerRater, acked.Count);

        var stored = await ctx.Ratings.Select(r => new { r.Rater!.Token, r.Image!.PublicId, r.Score }).ToListAsync();
        var byKey = stored.ToDictionary(r => (r.Token, r.PublicId), r => r.Score); // throws on a duplicate
        int lost = acked.Sum(a => a.Scores.Count(s => !byKey.TryGetValue((a.Token, s.Key), out var v) || v != s.Value));
        int duplicates = stored.Count - stored.Select(r => (r.Token, r.PublicId)).Distinct().Count();
        Assert.Equal(0, lost);
        Assert.Equal(0, duplicates);
        Assert.Equal(raters * imagesPerRater, stored.Count);

        // The database agrees with itself after the load (WAL checkpointed on close).
        await using var check = new SqliteConnection($"Data Source={_f.DatabasePath}");
        await check.OpenAsync();
        await using var cmd = check.CreateCommand();
        cmd.CommandText = "PRAGMA integrity_check;";
        Assert.Equal("ok", (string?)await cmd.ExecuteScalarAsync());

        output.WriteLine($"RELIABILITY concurrent: raters={raters} sets={raters * setsPerRater} submissions={submissions} " +
                         $"ratings={stored.Count} acknowledged_ratings={acked.Sum(a => a.Scores.Count)} lost={lost} duplicates={duplicates} duplicate_submissions_refused={duplicatesRefused}");
    }
}
