using CrossModal.Studies.Data;
using Microsoft.Extensions.Configuration;

namespace CrossModal.Studies;

/// <summary>
/// Configuration of the studies feature (keys in docs/STUDIES.md):
/// <c>CrossModal:Database:Provider</c> (sqlite | postgres), <c>ConnectionStrings:CrossModal</c>,
/// <c>CrossModal:Database:SqlitePath</c>, <c>CrossModal:Web:AdminPassword</c>. The studies' dataset is the
/// evaluator service's to configure (<c>CrossModal:Studies:Dataset</c> there): the web app reads no dataset.
/// </summary>
public sealed class StudiesOptions
{
    public const string DefaultSqlitePath = "data/crossmodal.db";
    public const int MinAdminPasswordLength = 12;
    /// <summary>The k8s base's placeholder (k8s/base/kustomization.yaml): it is public, so a deployment using it is open.</summary>
    public const string PlaceholderAdminPassword = "change-me-admin-password";

    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;
    public required string ConnectionString { get; init; }
    /// <summary>Null: none configured (a random one is generated for the run and logged; see AdminAuth).</summary>
    public string? AdminPassword { get; init; }
    /// <summary>Sign-in posts one client (IP address) may make per minute; more are answered 429.</summary>
    public int SignInsPerClientPerMinute { get; init; } = 10;
    /// <summary>Sign-in posts all clients together may make per minute (guessing spread over many addresses).</summary>
    public int SignInsPerMinute { get; init; } = 60;

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
        if (!string.IsNullOrEmpty(password) && password.Length < MinAdminPasswordLength)
            throw new InvalidOperationException($"CrossModal:Web:AdminPassword must be at least {MinAdminPasswordLength} characters.");
        if (string.Equals(password?.Trim(), PlaceholderAdminPassword, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"CrossModal:Web:AdminPassword is the manifests' placeholder '{PlaceholderAdminPassword}', which anyone can read: set a secret of your own (docs/DEPLOY.md, Secrets).");
        return new StudiesOptions
        {
            Provider = provider,
            ConnectionString = connection,
            AdminPassword = string.IsNullOrEmpty(password) ? null : password,
            SignInsPerClientPerMinute = PositiveInt(configuration, "CrossModal:Web:SignInsPerClientPerMinute", 10),
            SignInsPerMinute = PositiveInt(configuration, "CrossModal:Web:SignInsPerMinute", 60),
        };
    }

    static int PositiveInt(IConfiguration configuration, string key, int fallback)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        return int.TryParse(text, out var value) && value > 0 ? value
            : throw new InvalidOperationException($"{key} must be a whole number above 0, got '{text}'.");
    }
}
