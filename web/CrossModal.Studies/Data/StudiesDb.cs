using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CrossModal.Studies.Data;

/// <summary>
/// Makes short-lived contexts of the configured provider (one per operation: Blazor Server circuits live long and a
/// context is not thread-safe) and migrates the database on start.
/// </summary>
public sealed class StudiesDb
{
    /// <summary>Own history table, so the host's other contexts can share the same database file.</summary>
    public const string MigrationsHistoryTable = "__StudiesMigrationsHistory";

    readonly DbContextOptions _options;

    public StudiesDb(DatabaseProvider provider, string connectionString)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _options = provider switch
        {
            DatabaseProvider.Sqlite => new DbContextOptionsBuilder<SqliteStudiesDbContext>()
                .UseSqlite(connectionString, o => o.MigrationsHistoryTable(MigrationsHistoryTable)).Options,
            DatabaseProvider.Postgres => new DbContextOptionsBuilder<PostgresStudiesDbContext>()
                .UseNpgsql(connectionString, o => o.MigrationsHistoryTable(MigrationsHistoryTable)).Options,
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    public StudiesDbContext Create() => Provider == DatabaseProvider.Sqlite
        ? new SqliteStudiesDbContext((DbContextOptions<SqliteStudiesDbContext>)_options)
        : new PostgresStudiesDbContext((DbContextOptions<PostgresStudiesDbContext>)_options);

    /// <summary>
    /// Creates the SQLite file and its folder owner-only (ratings, rater tokens and the raters' platform ids are in
    /// it; SQLite gives its WAL files the database file's mode), applies pending migrations, and turns on WAL for SQLite.
    /// </summary>
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        if (Provider == DatabaseProvider.Sqlite) CreateOwnerOnly(new SqliteConnectionStringBuilder(ConnectionString).DataSource);
        await using var db = Create();
        await db.Database.MigrateAsync(ct);
        if (Provider == DatabaseProvider.Sqlite)
        {
            // WAL: readers never block the writer, so many raters can submit at once; the mode is stored in the file.
            // synchronous stays FULL (SQLite's default): a commit is on disk before a rating is acknowledged.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        await GiveOlderStudiesTheirSecretsAsync(db, ct);
    }

    /// <summary>
    /// Studies and sets stored before blinding keys and public set ids existed get them now (random, like new ones):
    /// a migration's SQL has no portable source of secure random bytes. Their raters' orders change once.
    /// </summary>
    static async Task GiveOlderStudiesTheirSecretsAsync(StudiesDbContext db, CancellationToken ct)
    {
        foreach (var study in await db.Studies.Where(s => s.BlindingKey == "").ToListAsync(ct))
            study.BlindingKey = CrossModal.Studies.Rating.StudyBlinding.NewKey();
        foreach (var set in await db.RatingSets.Where(s => s.PublicId == Guid.Empty).ToListAsync(ct))
            set.PublicId = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
    }

    static void CreateOwnerOnly(string file)
    {
        if (string.IsNullOrEmpty(file) || file == ":memory:") return;
        var path = Path.GetFullPath(file);
        var folder = Path.GetDirectoryName(path);
        bool unix = !OperatingSystem.IsWindows();
        if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
        {
            if (unix) Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            else Directory.CreateDirectory(folder);
        }
        if (unix && !File.Exists(path))
            using (new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite })) { }
    }

    /// <summary>True when <paramref name="e"/> is the database refusing a duplicate (unique index) on either provider.</summary>
    public static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        SqliteException s => s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode is 2067 or 1555, // SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY
        Npgsql.PostgresException p => p.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
