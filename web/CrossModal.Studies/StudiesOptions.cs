using CrossModal.Studies.Data;
using Microsoft.Extensions.Configuration;

namespace CrossModal.Studies;

/// <summary>
/// Configuration of the studies feature (keys in docs/STUDIES.md):
/// <c>CrossModal:Database:Provider</c> (sqlite | postgres), <c>ConnectionStrings:CrossModal</c>,
/// <c>CrossModal:Database:SqlitePath</c>, <c>CrossModal:Studies:DatasetPath</c>, <c>CrossModal:Web:AdminPassword</c>.
/// </summary>
public sealed class StudiesOptions
{
    public const string DefaultSqlitePath = "data/crossmodal.db";
    public const string DefaultDatasetPath = "data/synthetic";
    public const int MinAdminPasswordLength = 8;

    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;
    public required string ConnectionString { get; init; }
    /// <summary>The paired dataset whose validation split gives studies their sounds and ground truth.</summary>
    public string DatasetPath { get; init; } = DefaultDatasetPath;
    /// <summary>Null: none configured (a random one is generated for the run and logged; see AdminAuth).</summary>
    public string? AdminPassword { get; init; }

    public static StudiesOptions From(IConfiguration configuration)
    {
        var providerText = configuration["CrossModal:Database:Provider"];
        var provider = providerText?.Trim().ToLowerInvariant() switch
        {
            null or "" or "sqlite" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
            _ => throw new InvalidOperationException($"CrossModal:Database:Provider must be 'sqlite' or 'postgres', got '{providerText}'."),
        };
        var configured = configuration.GetConnectionString("CrossModal");
        string connection;
        if (provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(configured))
                throw new InvalidOperationException("CrossModal:Database:Provider is 'postgres' but ConnectionStrings:CrossModal is not set.");
            connection = configured;
        }
        else
        {
            var path = configuration["CrossModal:Database:SqlitePath"];
            connection = !string.IsNullOrWhiteSpace(configured) ? configured
                : $"Data Source={(string.IsNullOrWhiteSpace(path) ? DefaultSqlitePath : path)}";
        }
        var password = configuration["CrossModal:Web:AdminPassword"];
        if (password is not null && password.Length < MinAdminPasswordLength)
            throw new InvalidOperationException($"CrossModal:Web:AdminPassword must be at least {MinAdminPasswordLength} characters.");
        var dataset = configuration["CrossModal:Studies:DatasetPath"];
        return new StudiesOptions
        {
            Provider = provider,
            ConnectionString = connection,
            DatasetPath = string.IsNullOrWhiteSpace(dataset) ? DefaultDatasetPath : dataset,
            AdminPassword = string.IsNullOrEmpty(password) ? null : password,
        };
    }
}
