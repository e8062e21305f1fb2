using System.Diagnostics;
using CrossModal.Studies.Data;
using CrossModal.Studies.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace CrossModal.Studies.Tests.Functional;

/// <summary>
/// Power cut, simulated: a rater process writing ratings is killed with SIGKILL mid-load (no chance to flush or
/// close), and a transaction is abandoned without commit. Every acknowledged set must still be there, whole, and no
/// set may be stored in part.
/// </summary>
public sealed class KillTests(ITestOutputHelper output) : IDisposable
{
    readonly StudyFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Every_acknowledged_set_survives_a_SIGKILL_of_the_rater_process()
    {
        const int raters = 20, kills = 3;
        var id = await _f.CreateOpenStudyAsync(instruments: ["cello", "violin", "flute"], sets: 4, gold: 2);
        var tokens = await _f.RaterTokensAsync(id, raters);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var acked = new HashSet<(string, Guid)>();
        int survived = 0;

        for (int round = 0; round < kills; round++)
        {
            var (acks, finished) = await RunAndKillAsync(tokens, killAfterAcks: 25 + 10 * round);
            acked.UnionWith(acks);
            if (!finished) survived++;
            await AssertConsistentAsync(acked);
        }
        // A last run finishes the study without a kill; everything from before is still there.
        var (last, _) = await RunAndKillAsync(tokens, killAfterAcks: int.MaxValue);
        acked.UnionWith(last);
        var lost = await AssertConsistentAsync(acked);
        await using var ctx = _f.Db.Create();
        int expected = raters * await ctx.Images.CountAsync(i => i.StudyId == id && i.Set!.Kind != Data.SetKind.Practice);
        Assert.Equal(expected, await ctx.Ratings.CountAsync());
        Assert.True(survived >= 2, $"only {survived} of {kills} runs were killed mid-load");
        output.WriteLine($"RELIABILITY kill: raters={raters} sigkills={survived} acknowledged_sets={acked.Count} ratings={expected} lost={lost} partial_sets=0 integrity=ok");
    }

    [Fact]
    public async Task An_abandoned_transaction_leaves_nothing_and_harms_nothing()
    {
        var id = await _f.CreateOpenStudyAsync();
        var tokens = await _f.RaterTokensAsync(id, 2);
        var set = (await _f.Ratings.GetStateAsync(tokens[0]))!.Next!;
        Assert.Equal(Rating.SubmitOutcome.Saved, await _f.Ratings.SubmitSetAsync(tokens[0], set.SetId, set.Images.ToDictionary(i => i, _ => 1)));

        // Rater 1's set half-written in a transaction whose connection is then dropped without commit.
        var other = (await _f.Ratings.GetStateAsync(tokens[1]))!.Next!;
        await using (var ctx = _f.Db.Create())
        {
            await ctx.Database.OpenConnectionAsync();
            var tx = await ctx.Database.BeginTransactionAsync();
            var rater = await ctx.Raters.SingleAsync(r => r.Token == tokens[1]);
            var image = await ctx.Images.SingleAsync(i => i.PublicId == other.Images[0]);
            ctx.Ratings.Add(new Data.Rating { RaterId = rater.Id, StudyImageId = image.Id, Score = 3, RatedUtc = DateTime.UtcNow });
            await ctx.SaveChangesAsync();
            // No commit: disposing the context closes the connection, as a crashed request would.
        }
        SqliteConnection.ClearAllPools();
        Assert.Equal(0, (await _f.Ratings.GetStateAsync(tokens[1]))!.CompletedSets);
        Assert.Equal(1, (await _f.Ratings.GetStateAsync(tokens[0]))!.CompletedSets);
        Assert.Equal(Rating.SubmitOutcome.Saved, await _f.Ratings.SubmitSetAsync(tokens[1], other.SetId, other.Images.ToDictionary(i => i, _ => 2)));
    }

    async Task<(List<(string, Guid)> Acks, bool Finished)> RunAndKillAsync(string[] tokens, int killAfterAcks)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "CrossModal.Studies.RaterLoad.dll");
        Assert.True(File.Exists(dll), $"rater process not built at {dll}");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add(_f.DatabasePath);
        foreach (var t in tokens) psi.ArgumentList.Add(t);
        using var process = Process.Start(psi)!;
        _ = process.StandardError.ReadToEndAsync();
        var acks = new List<(string, Guid)>();
        bool finished = false;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        // True at DONE; an acknowledgement line is recorded.
        bool Take(string line)
        {
            if (line == "DONE") return true;
            if (line.StartsWith("ACK ")) { var parts = line.Split(' '); acks.Add((parts[1], Guid.Parse(parts[2]))); }
            return false;
        }
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (Take(line)) { finished = true; break; }
            if (acks.Count >= killAfterAcks)
            {
                process.Kill(); // SIGKILL on Linux: no finally blocks, no disposal, no checkpoint
                break;
            }
        }
        await process.WaitForExitAsync(timeout.Token);
        // What it printed before the kill landed still counts: its last acknowledgements and, when it reached the end of
        // its work just as the kill was sent, its DONE (2026-12-08: it exited 0 with DONE unread, and the run looked killed).
        while (!finished && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } rest) finished = Take(rest);
        if (!finished) Assert.NotEqual(0, process.ExitCode);
        return (acks, finished);
    }

    /// <summary>Every acknowledged set whole; no set in part; integrity ok. Returns the number of lost ratings (0).</summary>
    async Task<int> AssertConsistentAsync(HashSet<(string Token, Guid SetId)> acked)
    {
        SqliteConnection.ClearAllPools();
        await using var ctx = _f.Db.Create();
        var sizes = (await ctx.RatingSets.Select(s => new { s.PublicId, Count = s.Images.Count }).ToListAsync()).ToDictionary(s => s.PublicId, s => s.Count);
        var perSet = await ctx.Ratings.GroupBy(r => new { r.Rater!.Token, r.Image!.Set!.PublicId })
            .Select(g => new { g.Key.Token, g.Key.PublicId, Count = g.Count() }).ToListAsync();
        var stored = perSet.ToDictionary(p => (p.Token, p.PublicId), p => p.Count);
        int lost = acked.Sum(a => Math.Max(0, sizes[a.SetId] - stored.GetValueOrDefault((a.Token, a.SetId))));
        Assert.Equal(0, lost);
        Assert.All(perSet, p => Assert.Equal(sizes[p.PublicId], p.Count));
        await using var check = new SqliteConnection($"Data Source={_f.DatabasePath}");
        await check.OpenAsync();
        await using var cmd = check.CreateCommand();
        cmd.CommandText = "PRAGMA integrity_check;";
        Assert.Equal("ok", (string?)await cmd.ExecuteScalarAsync());
        return lost;
    }
}
