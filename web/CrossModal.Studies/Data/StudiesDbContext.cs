using Microsoft.EntityFrameworkCore;

namespace CrossModal.Studies.Data;

/// <summary>
/// The studies' model, shared by both providers. Each provider has its own derived context
/// (<see cref="SqliteStudiesDbContext"/>, <see cref="PostgresStudiesDbContext"/>) so that each keeps its own migration
/// set (Data/Migrations/Sqlite, Data/Migrations/Postgres): column types differ, the model does not.
/// </summary>
public abstract class StudiesDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Study> Studies => Set<Study>();
    public DbSet<RatingSet> RatingSets => Set<RatingSet>();
    public DbSet<StudyImage> Images => Set<StudyImage>();
    public DbSet<Rater> Raters => Set<Rater>();
    public DbSet<Rating> Ratings => Set<Rating>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<Study>(e =>
        {
            e.Property(s => s.Name).HasMaxLength(200);
            e.Property(s => s.Instruments).HasMaxLength(400);
            e.Property(s => s.Methods).HasMaxLength(200);
            e.Property(s => s.Error).HasMaxLength(2000);
            e.Property(s => s.BlindingKey).HasMaxLength(64);
            e.Property(s => s.PublicLink).HasMaxLength(64);
            e.HasIndex(s => s.PublicLink).IsUnique();
            e.Property(s => s.CompletionCode).HasMaxLength(64);
            e.Property(s => s.CompletionUrl).HasMaxLength(500);
            e.Ignore(s => s.InstrumentList);
            e.Ignore(s => s.MethodList);
        });
        b.Entity<RatingSet>(e =>
        {
            e.Property(s => s.Instrument).HasMaxLength(40);
            e.Property(s => s.SampleName).HasMaxLength(200);
            e.HasOne(s => s.Study).WithMany(s => s.Sets).HasForeignKey(s => s.StudyId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(s => new { s.StudyId, s.Ordinal }).IsUnique();
            // Not unique: a migrated database gets its sets' public ids after the column exists (StudiesDb.MigrateAsync).
            e.HasIndex(s => s.PublicId);
        });
        b.Entity<StudyImage>(e =>
        {
            e.Property(i => i.Method).HasMaxLength(20);
            e.HasIndex(i => i.PublicId).IsUnique();
            e.HasIndex(i => i.StudyId);
            e.HasOne(i => i.Set).WithMany(s => s.Images).HasForeignKey(i => i.RatingSetId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Rater>(e =>
        {
            e.Property(r => r.Token).HasMaxLength(64);
            e.Property(r => r.Label).HasMaxLength(200);
            e.HasIndex(r => r.Token).IsUnique();
            e.Property(r => r.ParticipantId).HasMaxLength(200);
            e.Property(r => r.PlatformStudyId).HasMaxLength(200);
            e.Property(r => r.PlatformSessionId).HasMaxLength(200);
            // One rater per participant and study, held by the database when two arrivals race (NULLs, the hand-made links, are distinct).
            e.HasIndex(r => new { r.StudyId, r.ParticipantId }).IsUnique();
            e.HasOne(r => r.Study).WithMany(s => s.Raters).HasForeignKey(r => r.StudyId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Rating>(e =>
        {
            // The database, not the app, guarantees one score per rater and image: concurrent or repeated
            // submissions of the same set cannot create a duplicate whatever the app does.
            e.HasIndex(r => new { r.RaterId, r.StudyImageId }).IsUnique();
            e.ToTable(t => t.HasCheckConstraint("CK_Ratings_Score", "\"Score\" BETWEEN 0 AND 3"));
            e.HasOne(r => r.Rater).WithMany(r => r.Ratings).HasForeignKey(r => r.RaterId).OnDelete(DeleteBehavior.Cascade);
            // Images are never deleted while ratings exist (a study is deleted as a whole through its raters and sets).
            e.HasOne(r => r.Image).WithMany().HasForeignKey(r => r.StudyImageId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}

/// <summary>The SQLite flavour (default; a file under the data folder).</summary>
public sealed class SqliteStudiesDbContext(DbContextOptions<SqliteStudiesDbContext> options) : StudiesDbContext(options);

/// <summary>The PostgreSQL flavour (<c>CrossModal:Database:Provider=postgres</c>).</summary>
public sealed class PostgresStudiesDbContext(DbContextOptions<PostgresStudiesDbContext> options) : StudiesDbContext(options);
