using CrossModal.EndToEnd.Tests.Infrastructure;

namespace CrossModal.EndToEnd.Tests;

public class ImageToSoundTests(EndToEndFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task UploadedImageGivesASpectrogramAndPlayableAudio() => WithPageAsync(async page =>
    {
        await GotoReadyAsync(page, "/image-to-sound");
        var image = Fixture.Workspace.ValidationImage("tuba");
        await UploadAsync(page, "i2s-upload", image);
        await Assertions.Expect(TestId(page, "input-name")).ToHaveTextAsync(Path.GetFileName(image));
        await TestId(page, "generate-button").ClickAsync();

        var generated = TestId(page, "lms-generated");
        await Assertions.Expect(generated).ToBeVisibleAsync();
        // The spectrogram is drawn (an image inside the SVG) with labelled axes in seconds and Hz.
        Assert.StartsWith("data:image/png;base64,", await generated.Locator("svg image").GetAttributeAsync("href"));
        await Assertions.Expect(TestId(generated, "axis-time")).ToContainTextAsync("0.5 s");
        await Assertions.Expect(TestId(generated, "axis-frequency")).ToContainTextAsync("Hz");
        await Assertions.Expect(TestId(page, "lms-nearest")).ToBeVisibleAsync();

        var audio = TestId(page, "output-audio");
        var src = await audio.GetAttributeAsync("src");
        Assert.False(string.IsNullOrEmpty(src));
        // The browser has loaded and decoded it: metadata known, about half a second long.
        await page.WaitForFunctionAsync("a => a.readyState >= 2 && a.duration > 0", await audio.ElementHandleAsync());
        var duration = await audio.EvaluateAsync<double>("a => a.duration");
        Assert.InRange(duration, 0.3, 1.0);
        // And it plays (muted: headless chromium's autoplay policy allows muted playback without a user gesture).
        await audio.EvaluateAsync("a => { a.muted = true; return a.play(); }");
        await page.WaitForFunctionAsync("a => a.currentTime > 0 || a.ended", await audio.ElementHandleAsync());
        Assert.Null(await audio.EvaluateAsync<string?>("a => a.error ? String(a.error.code) : null"));

        // What the element plays is the WAV the service made.
        var response = await page.APIRequest.GetAsync(src!);
        Assert.True(response.Ok);
        var body = await response.BodyAsync();
        Assert.Equal("RIFF"u8.ToArray(), body[..4]);
        Assert.Equal("WAVE"u8.ToArray(), body[8..12]);
        await Screenshots.SaveAsync(page, "image-to-sound");
    });
}
