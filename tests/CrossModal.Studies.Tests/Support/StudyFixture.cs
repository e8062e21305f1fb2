using CrossModal.Studies.Admin;
using CrossModal.Studies.Creation;
using CrossModal.Studies.Data;
using CrossModal.Studies.Domain;
using CrossModal.Studies.Rating;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrossModal.Studies.Tests.Support;

/// <summary>A real SQLite database file in a temporary folder, migrated, with the studies services over it.</summary>
public sealed class StudyFixture : IDisposable
{
    public StudyFixture(StudiesDb? db = null)
    {
        Folder = Directory.CreateTempSubdirectory("crossmodal-studies-").FullName;
        DatabasePath = Path.Combine(Folder, "crossmodal.db");
        Db = db ?? new StudiesDb(DatabaseProvider.Sqlite, $"Data Source={DatabasePath}");
        Db.MigrateAsync().GetAwaiter().GetResult();
        var services = new ServiceCollection();
        services.AddSingleton<IStudyImageSource>(Source);
        Provider = services.BuildServiceProvider();
        Queue = new StudyGenerationQueue(Db, Provider.GetRequiredService<IServiceScopeFactory>(), NullLogger<StudyGenerationQueue>.Instance);
        Admin = new StudyAdminService(Db, Queue);
        Ratings = new RatingService(Db);
    }

    public string Folder { get; }
    public string DatabasePath { get; }
    public StudiesDb Db { get; }
    public FakeImageSource Source { get; } = new();
    public ServiceProvider Provider { get; }
    public StudyGenerationQueue Queue { get; }
    public StudyAdminService Admin { get; }
    public RatingService Ratings { get; }

    /// <summary>Creates a study and generates it synchronously (the background loop is not running in tests).</summary>
    public async Task<int> CreateOpenStudyAsync(string[]? instruments = null, int sets = 2, int gold = 1, string[]? methods = null, string name = "test study")
    {
        var id = await Admin.CreateAsync(new StudySpec
        {
            Name = name,
            Instruments = [.. instruments ?? ["cello", "violin"]],
            SetsPerInstrument = sets,
            GoldSets = gold,
            Methods = [.. methods ?? StudyMethods.Default],
            Seed = 7,
        });
        await Queue.GenerateAsync(id, CancellationToken.None);
        return id;
    }

    public async Task<string[]> RaterTokensAsync(int studyId, int count) =>
        (await Admin.CreateRatersAsync(studyId, count, "r")).Select(r => r.Token).ToArray();

    public void Dispose()
    {
        Provider.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
