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
        return (playwright, await LaunchAsync(playwright, Args));
    }

    /// <summary>
    /// A chromium whose microphone plays <paramref name="wav"/> and whose camera shows <paramref name="y4m"/>, both in a
    /// loop (Chromium's fake capture devices; the media prompt is answered yes).
    /// </summary>
    public static Task<IBrowser> LaunchWithFakeMediaAsync(IPlaywright playwright, string wav, string y4m) =>
        LaunchAsync(playwright, [.. Args, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            $"--use-file-for-fake-audio-capture={wav}", $"--use-file-for-fake-video-capture={y4m}", "--autoplay-policy=no-user-gesture-required"]);

    static Task<IBrowser> LaunchAsync(IPlaywright playwright, string[] args) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true, Args = args });
}
