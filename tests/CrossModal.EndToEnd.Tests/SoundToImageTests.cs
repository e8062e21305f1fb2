using System.Globalization;
using CrossModal.EndToEnd.Tests.Infrastructure;

namespace CrossModal.EndToEnd.Tests;

public class SoundToImageTests(EndToEndFixture fixture) : BrowserTest(fixture)
{
    /// <summary>
    /// A double-bass chunk of the tiny dataset's validation split, through the page's default model (the product's default
    /// generator, s2i-c-default) with seed 3; the judge must label all four images double bass.
    /// </summary>
    [Fact]
    public Task UploadedWavGivesAGalleryLabelledWithItsInstrument() => WithPageAsync(async page =>
    {
        await GotoReadyAsync(page, "/sound-to-image");
        var wav = Fixture.Workspace.ValidationWav("double_bass");
        await UploadAsync(page, "s2i-upload", wav);
        await Assertions.Expect(TestId(page, "input-name")).ToHaveTextAsync(Path.GetFileName(wav));
        // The chosen sound can be played back: the browser loads it and knows its half-second length.
        var input = TestId(page, "input-audio");
        Assert.False(string.IsNullOrEmpty(await input.GetAttributeAsync("src")));
        await page.WaitForFunctionAsync("a => a.readyState >= 1 && a.duration > 0", await input.ElementHandleAsync());
        Assert.InRange(await input.EvaluateAsync<double>("a => a.duration"), 0.4, 0.6);

        await FillFieldAsync(page, "count-input", "4");
        await FillFieldAsync(page, "seed-input", "3");
        await TestId(page, "generate-button").ClickAsync();

        await Assertions.Expect(TestId(page, "result-title")).ToContainTextAsync("4 images by s2i-c-default, seed 3");
        var items = TestId(page, "gallery-item");
        await Assertions.Expect(items).ToHaveCountAsync(4);
        // Labels arrive after the images (a second call, to the evaluator): wait for all four.
        var labels = TestId(page, "gallery-label");
        await Assertions.Expect(labels).ToHaveTextAsync(["double bass", "double bass", "double bass", "double bass"]);
        foreach (var confidence in await TestId(page, "gallery-confidence").AllAsync())
            Assert.InRange(double.Parse((await confidence.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture), 0.5, 1.0);
        // Every image decoded in the browser, at the generator's 64x64.
        foreach (var image in await TestId(page, "gallery-image").AllAsync())
            Assert.Equal(64, await image.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : -1"));
        await Screenshots.SaveAsync(page, "sound-to-image");
    });
}
