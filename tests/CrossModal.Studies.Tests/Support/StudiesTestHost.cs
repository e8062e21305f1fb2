using CrossModal.Studies.Creation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CrossModal.Studies.Tests.Support;

/// <summary>
/// A minimal host wired exactly as the web app is told to wire the studies (AddCrossModalStudies, UseCrossModalStudies,
/// the pages' assembly), on an in-memory TestServer, over a real SQLite file, with the fake image source.
/// </summary>
public sealed class StudiesTestHost : IAsyncDisposable
{
    public const string Password = "correct horse battery staple";

    StudiesTestHost(WebApplication app, StudyFixture fixture) { App = app; Fixture = fixture; }

    public WebApplication App { get; }
    public StudyFixture Fixture { get; }

    public static async Task<StudiesTestHost> StartAsync(StudyFixture fixture)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = fixture.Folder });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CrossModal:Database:SqlitePath"] = fixture.DatabasePath,
            ["CrossModal:Web:AdminPassword"] = Password,
        });
        builder.Services.AddSingleton<IStudyImageSource>(fixture.Source);
        builder.Services.AddCrossModalStudies(builder.Configuration);
        builder.Services.AddRazorComponents();
        builder.Services.AddMudServices();
        var app = builder.Build();
        app.UseCrossModalStudies();
        app.UseAntiforgery();
        app.MapRazorComponents<TestApp>().AddAdditionalAssemblies(StudiesExtensions.Assembly);
        await app.StartAsync();
        return new StudiesTestHost(app, fixture);
    }

    /// <summary>TestServer's client follows no redirect and keeps no cookie: each test sees exactly what a request gets.</summary>
    public HttpClient Client() => App.GetTestServer().CreateClient();

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }

}
