using CrossModal.Clients;
using CrossModal.Protos.V1;
using CrossModal.Studies.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrossModal.Studies.Tests.Functional;

public sealed class ConfigurationTests
{
    static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

    [Fact]
    public void Defaults_are_sqlite_under_data_and_no_password()
    {
        var o = StudiesOptions.From(Config());
        Assert.Equal(DatabaseProvider.Sqlite, o.Provider);
        Assert.Equal("Data Source=data/crossmodal.db", o.ConnectionString);
        Assert.Null(o.AdminPassword);
    }

    [Fact]
    public void Postgres_is_chosen_by_configuration_with_its_connection_string()
    {
        var o = StudiesOptions.From(Config(("CrossModal:Database:Provider", "postgres"), ("ConnectionStrings:CrossModal", "Host=db;Database=x")));
        Assert.Equal(DatabaseProvider.Postgres, o.Provider);
        Assert.Equal("Host=db;Database=x", o.ConnectionString);
    }

    [Theory]
    [InlineData("CrossModal:Database:Provider", "mysql", "CrossModal:Database:Provider")]
    [InlineData("CrossModal:Web:AdminPassword", "short", "CrossModal:Web:AdminPassword")]
    [InlineData("CrossModal:Web:AdminPassword", "elevenchars", "at least 12 characters")]
    [InlineData("CrossModal:Web:AdminPassword", "change-me-admin-password", "placeholder")]
    [InlineData("CrossModal:Web:SignInsPerClientPerMinute", "0", "CrossModal:Web:SignInsPerClientPerMinute")]
    public void Bad_configuration_refuses_to_start_naming_the_key(string key, string value, string named)
    {
        var e = Assert.Throws<InvalidOperationException>(() => StudiesOptions.From(Config((key, value))));
        Assert.Contains(named, e.Message);
    }

    [Fact]
    public async Task The_sqlite_database_and_the_folder_made_for_it_are_owner_only()
    {
        if (OperatingSystem.IsWindows()) return;
        var root = Path.Combine(Path.GetTempPath(), "crossmodal-db-mode-" + Guid.NewGuid().ToString("N"));
        try
        {
            var file = Path.Combine(root, "data", "crossmodal.db");
            await new StudiesDb(DatabaseProvider.Sqlite, $"Data Source={file}").MigrateAsync();
            var ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            Assert.Equal(ownerOnly | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(file)!));
            Assert.Equal(ownerOnly, File.GetUnixFileMode(file));
            foreach (var any in Directory.GetFiles(Path.GetDirectoryName(file)!)) // the WAL files too, if SQLite left them
                Assert.Equal(ownerOnly, File.GetUnixFileMode(any));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Postgres_without_a_connection_string_refuses_to_start()
    {
        var e = Assert.Throws<InvalidOperationException>(() => StudiesOptions.From(Config(("CrossModal:Database:Provider", "postgres"))));
        Assert.Contains("ConnectionStrings:CrossModal", e.Message);
    }

    [Fact]
    public void The_host_may_register_the_typed_clients_before_or_not_at_all()
    {
        foreach (bool hostAddsClients in new[] { true, false })
        {
            var services = new ServiceCollection();
            var config = Config();
            services.AddLogging();
            if (hostAddsClients) services.AddCrossModalClients(config);
            services.AddCrossModalStudies(config);
            using var provider = services.BuildServiceProvider();
            Assert.NotNull(provider.GetRequiredService<GeneratorService.GeneratorServiceClient>());
            Assert.NotNull(provider.GetRequiredService<StudySamplesService.StudySamplesServiceClient>());
            Assert.Equal(1, services.Count(d => d.ServiceType == typeof(GeneratorService.GeneratorServiceClient)));
        }
    }
}
