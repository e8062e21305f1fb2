using CrossModal.Studies.Creation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor.Services;

namespace CrossModal.Studies.Tests.Support;

/// <summary>
/// A minimal host wired exactly as the web app is told to wire the studies (AddCrossModalStudies, UseCrossModalStudies,
/// the pages' assembly), on an in-memory TestServer, over a real SQLite file, with the fake image source.
/// </summary>
public sealed class StudiesTestHost : IAsyncDisposable
{
    public const string Password = "correct horse battery staple";

    StudiesTestHost(WebApplication app, StudyFixture fixture, System.Collections.Concurrent.ConcurrentQueue<string> logs) { App = app; Fixture = fixture; Logs = logs; }

    public WebApplication App { get; }
    public StudyFixture Fixture { get; }

    /// <summary>Every message the host logged, as "category: message".</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Logs { get; }

    public static async Task<StudiesTestHost> StartAsync(StudyFixture fixture, Dictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = fixture.Folder });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CrossModal:Database:SqlitePath"] = fixture.DatabasePath,
            ["CrossModal:Web:AdminPassword"] = Password,
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        var logs = new System.Collections.Concurrent.ConcurrentQueue<string>();
        builder.Logging.AddProvider(new ListLoggerProvider(logs));
        builder.Services.AddSingleton<IStudyImageSource>(fixture.Source);
        builder.Services.AddCrossModalStudies(builder.Configuration);
        builder.Services.AddRazorComponents();
        builder.Services.AddMudServices();
        var app = builder.Build();
        app.UseCrossModalStudies();
        app.UseAntiforgery();
        app.MapRazorComponents<TestApp>().AddAdditionalAssemblies(StudiesExtensions.Assembly);
        await app.StartAsync();
        return new StudiesTestHost(app, fixture, logs);
    }

    /// <summary>TestServer's client follows no redirect and keeps no cookie: each test sees exactly what a request gets.</summary>
    public HttpClient Client() => App.GetTestServer().CreateClient();

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }

    sealed class ListLoggerProvider(System.Collections.Concurrent.ConcurrentQueue<string> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, logs);
        public void Dispose() { }
    }

    sealed class ListLogger(string category, System.Collections.Concurrent.ConcurrentQueue<string> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) logs.Enqueue($"{category}: {formatter(state, exception)}");
        }
    }
}
