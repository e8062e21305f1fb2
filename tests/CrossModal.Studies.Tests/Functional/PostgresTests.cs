using CrossModal.Studies.Data;
using CrossModal.Studies.Rating;
using CrossModal.Studies.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CrossModal.Studies.Tests.Functional;

/// <summary>Runs only where a PostgreSQL server is given (skipped, not passed, elsewhere).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "CROSSMODAL_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"set {Variable} to a PostgreSQL connection string (a superuser's; a scratch database is created and dropped)";
    }
}

/// <summary>The PostgreSQL migration set applied to a real server, and the rating flow's guarantees on it.</summary>
public sealed class PostgresTests
{
    [PostgresFact]
    public async Task Migrations_apply_and_concurrent_duplicate_submissions_store_each_set_once()
    {
        var admin = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable));
        var name = $"crossmodal_studies_test_{Guid.NewGuid():N}";
        await using (var c = new NpgsqlConnection(admin.ConnectionString))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", c);
            await cmd.ExecuteNonQueryAsync();
        }
        try
        {
            var db = new StudiesDb(DatabaseProvider.Postgres, new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = name }.ConnectionString);
            using var f = new StudyFixture(db);
            await db.MigrateAsync();
            var id = await f.CreateOpenStudyAsync(sets: 2, gold: 1);
            var tokens = await f.RaterTokensAsync(id, 10);
            await Task.WhenAll(tokens.Select(t => Task.Run(async () =>
            {
                while ((await f.Ratings.GetStateAsync(t))!.Next is { } set)
                {
                    var scores = set.Images.ToDictionary(i => i, _ => 1);
                    var both = await Task.WhenAll(f.Ratings.SubmitSetAsync(t, set.SetId, scores), f.Ratings.SubmitSetAsync(t, set.SetId, scores));
                    Assert.Equal(1, both.Count(o => o == SubmitOutcome.Saved));
                }
            })));
            await using var ctx = db.Create();
            Assert.Equal(10 * await ctx.Images.CountAsync(i => i.StudyId == id && i.Set!.Kind != SetKind.Practice), await ctx.Ratings.CountAsync());
            var results = await f.Admin.ResultsAsync(id);
            Assert.Equal(1.0, results.Methods[0].Mean!.Mean, 9);
            // The check constraint holds on PostgreSQL too.
            var rating = await ctx.Ratings.FirstAsync();
            rating.Score = 7;
            await Assert.ThrowsAsync<DbUpdateException>(() => ctx.SaveChangesAsync());
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var c = new NpgsqlConnection(admin.ConnectionString);
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", c);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
