namespace CrossModal.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Page screenshots for the README. Every run writes them to TestResults/e2e/screenshots/ (so a run shows what each page
/// looked like); with CROSSMODAL_E2E_SCREENSHOTS=docs they also replace docs/images/web-*.png, which is how the committed
/// ones were made (the default leaves the working tree clean).
/// </summary>
public static class Screenshots
{
    public const string Variable = "CROSSMODAL_E2E_SCREENSHOTS";

    static bool ToDocs => Environment.GetEnvironmentVariable(Variable) == "docs";

    public static async Task SaveAsync(IPage page, string name)
    {
        var folder = Path.Combine(BrowserTest.ResultsFolder, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"web-{name}.png");
        // Let pending renders (images decoding, charts drawing) settle so the picture is what a visitor sees.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        // A test may have scrolled (to play audio, to reach a button): the picture shows the page from its top.
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false });
        if (ToDocs) File.Copy(path, Path.Combine(Workspace.RepositoryRoot, "docs", "images", $"web-{name}.png"), overwrite: true);
    }
}
