using Microsoft.EntityFrameworkCore.Design;

namespace CrossModal.Studies.Data;

// Used by `dotnet ef migrations add` only (see docs/STUDIES.md, "Migrations"); the app builds contexts through StudiesDb.

sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteStudiesDbContext>
{
    public SqliteStudiesDbContext CreateDbContext(string[] args) =>
        (SqliteStudiesDbContext)new StudiesDb(DatabaseProvider.Sqlite, "Data Source=design-time.db").Create();
}

sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresStudiesDbContext>
{
    public PostgresStudiesDbContext CreateDbContext(string[] args) =>
        (PostgresStudiesDbContext)new StudiesDb(DatabaseProvider.Postgres, "Host=localhost;Database=crossmodal;Username=crossmodal").Create();
}
