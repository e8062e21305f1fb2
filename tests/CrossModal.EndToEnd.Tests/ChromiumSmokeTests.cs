using CrossModal.EndToEnd.Tests.Infrastructure;

namespace CrossModal.EndToEnd.Tests;

public class ChromiumSmokeTests
{
    [Fact]
    public async Task LaunchesDebianChromiumThroughTheBundledDriver()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        await using var _ = browser;
        using var __ = playwright;
        var page = await browser.NewPageAsync();
        await page.SetContentAsync("<p id=x>hello</p>");
        Assert.Equal("hello", await page.Locator("#x").TextContentAsync());
    }
}
