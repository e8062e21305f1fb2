using System.Diagnostics;

namespace CrossModal.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One system for the whole suite (starting it costs most of the suite's time): the three gRPC services on the
/// starter models, the web app pointed at them, and one headless chromium. Each test opens its own browser context.
/// </summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    /// <summary>Admin password of the studies pages in this run.</summary>
    public const string AdminPassword = "e2e-admin-password";

    public Workspace Workspace { get; } = new();
    public CrossModalServices Services { get; private set; } = null!;
    public WebAppFactory Web { get; private set; } = null!;
    public string WebAddress { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;
    /// <summary>The suite's Playwright, for tests that launch a browser of their own (fake media devices).</summary>
    public IPlaywright Playwright => playwright!;
    IPlaywright? playwright;

    /// <summary>How long the fixture took to start, for the suite's log.</summary>
    public TimeSpan StartTime { get; private set; }

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        Workspace.Create();
        Services = new CrossModalServices(Workspace);
        await Services.StartAsync();

        var settings = Services.ClientSettings();
        settings["CrossModal:Database:Provider"] = "sqlite";
        settings["CrossModal:Database:SqlitePath"] = Path.Combine(Workspace.WebData, "crossmodal.db");
        settings["CrossModal:Web:AdminPassword"] = AdminPassword;
        // Every browser test signs in from 127.0.0.1, some with retries: the per-client sign-in limit (10 a minute by
        // default, tested in the studies' SecurityTests) must not turn a slow run's retries into 429s.
        settings["CrossModal:Web:SignInsPerClientPerMinute"] = "100";
        settings["Logging:LogLevel:Default"] = "Warning";
        Web = new WebAppFactory(settings);
        WebAddress = Web.Start();

        (playwright, Browser) = await Chromium.LaunchAsync();
        StartTime = clock.Elapsed;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        if (Web is not null) await Web.DisposeAsync();
        if (Services is not null) await Services.DisposeAsync();
        Workspace.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<EndToEndFixture>
{
    public const string Name = "end-to-end";
}
