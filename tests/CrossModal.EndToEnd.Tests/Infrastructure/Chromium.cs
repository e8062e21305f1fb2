namespace CrossModal.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Debian's chromium driven by the Playwright package's bundled driver: browsers cannot be downloaded here,
/// so there is no `playwright install`; scripts/bootstrap.sh installs the apt package.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"{ExecutablePath} is missing: run scripts/bootstrap.sh (it installs Debian's chromium).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath, Headless = true, Args = Args,
        });
        return (playwright, browser);
    }
}
