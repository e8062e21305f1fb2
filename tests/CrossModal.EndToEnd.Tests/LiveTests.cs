using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CrossModal.Core.Audio;
using CrossModal.EndToEnd.Tests.Infrastructure;
using CrossModal.Protos.V1;
using Grpc.Net.Client;

namespace CrossModal.EndToEnd.Tests;

/// <summary>
/// The Live page in a real Chromium whose microphone plays a known recording (double-bass chunks of the tiny dataset,
/// then 2 s of silence, in a loop) and whose camera shows a tuba scene (a y4m made with ffmpeg): pictures arrive with
/// the instrument heard, silence says "listening…", the camera's picture is heard without gaps, and the generator's
/// live streams end when the page stops or closes.
/// </summary>
public class LiveTests(EndToEndFixture fixture) : BrowserTest(fixture)
{
    /// <summary>How long the camera test plays (CROSSMODAL_E2E_LIVE_SECONDS; docs/PERFORMANCE.md quotes a 60 s run).</summary>
    static int CameraSeconds => int.TryParse(Environment.GetEnvironmentVariable("CROSSMODAL_E2E_LIVE_SECONDS"), out var s) && s > 0 ? s : 8;

    /// <summary>Live sessions at once in the several-sessions test (CROSSMODAL_E2E_LIVE_SESSIONS; 8 for docs/PERFORMANCE.md).</summary>
    static int Sessions => int.TryParse(Environment.GetEnvironmentVariable("CROSSMODAL_E2E_LIVE_SESSIONS"), out var s) && s > 0 ? s : 2;

    [Fact]
    public Task MicrophoneSoundBecomesPicturesOfItsInstrumentAndSilenceListens() => WithLiveBrowserAsync(async browser =>
        await WithPageAsync(async page =>
        {
            await GotoReadyAsync(page, "/live");
            await TestId(page, "live-sound-start").ClickAsync();
            var session = TestId(page, "live-sound");
            await WaitForFigureAsync(page, "live-sound", "images", 6);
            await Screenshots.SaveAsync(page, "live-1");   // the README's sequence: drawing, listening, drawing again
            Assert.Equal(64, await TestId(page, "live-newest").EvaluateAsync<int>("img => img.naturalWidth"));
            Assert.True(await TestId(page, "live-filmstrip").Locator("img").CountAsync() >= 2);
            Assert.Equal("double_bass", await session.GetAttributeAsync("data-heard-most"));
            await Assertions.Expect(TestId(page, "live-heard")).ToContainTextAsync("%");
            Assert.Equal(1, (await LiveStatusAsync()).SoundSessions);

            // The recording's 2 s of silence: "listening…" instead of a picture.
            await WaitForFigureAsync(page, "live-sound", "silent", 1);
            await Assertions.Expect(TestId(page, "live-state")).ToHaveTextAsync("listening…", new() { Timeout = 20_000 });
            await Screenshots.SaveAsync(page, "live-2");
            // And pictures again when the sound comes back.
            var drawnBefore = int.Parse((await session.GetAttributeAsync("data-images"))!);
            await WaitForFigureAsync(page, "live-sound", "images", drawnBefore + 2);
            await Assertions.Expect(TestId(page, "live-state")).ToHaveTextAsync("drawing", new() { Timeout = 20_000 });
            await Screenshots.SaveAsync(page, "live");

            await TestId(page, "live-sound-stop").ClickAsync();
            await Assertions.Expect(TestId(page, "live-sound-start")).ToBeVisibleAsync();
            await WaitForNoLiveSessionsAsync();
        }, browser: browser));

    [Fact]
    public Task ClosingThePageEndsTheGeneratorStream() => WithLiveBrowserAsync(async browser =>
        await WithPageAsync(async page =>
        {
            await GotoReadyAsync(page, "/live");
            await TestId(page, "live-sound-start").ClickAsync();
            await WaitForFigureAsync(page, "live-sound", "images", 1);
            Assert.Equal(1, (await LiveStatusAsync()).SoundSessions);
            await page.CloseAsync();
            await WaitForNoLiveSessionsAsync();
        }, browser: browser));

    [Fact]
    public Task TheCameraPictureIsHeardWithoutGaps() => WithLiveBrowserAsync(async browser =>
        await WithPageAsync(async page =>
        {
            await GotoReadyAsync(page, "/live");
            await TestId(page, "live-camera-start").ClickAsync();
            var session = TestId(page, "live-camera");
            await WaitForFigureAsync(page, "live-camera", "sounds", 2);
            var playing = Stopwatch.StartNew();
            await page.WaitForTimeoutAsync(CameraSeconds * 1000);
            var figures = await FiguresAsync(page, "live-camera");
            Report("camera", figures, playing.Elapsed);
            Assert.Equal("0", figures["underruns"]);
            Assert.True(double.Parse(figures["playedSeconds"], CultureInfo.InvariantCulture) >= CameraSeconds);
            // The spectrogram strip has been drawn (not the canvas's black).
            Assert.True(await TestId(page, "live-spectrogram").EvaluateAsync<bool>(
                "c => c.getContext('2d').getImageData(c.width - 8, 0, 8, c.height).data.some((v, i) => i % 4 !== 3 && v > 0)"));
            Assert.Equal(1, (await LiveStatusAsync()).ImageSessions);
            await TestId(page, "live-camera-stop").ClickAsync();
            await WaitForNoLiveSessionsAsync();
        }, browser: browser));

    [Fact]
    public Task SeveralLiveSessionsEachGetPictures() => WithLiveBrowserAsync(silence: false, body: async browser =>
    {
        var pages = new List<(IBrowserContext Context, IPage Page)>();
        try
        {
            for (var i = 0; i < Sessions; i++)
            {
                var context = await browser.NewContextAsync(new() { BaseURL = Fixture.WebAddress, ViewportSize = Desktop });
                var page = await context.NewPageAsync();
                await GotoReadyAsync(page, "/live");
                pages.Add((context, page));
            }
            foreach (var (_, page) in pages) await TestId(page, "live-sound-start").ClickAsync();
            foreach (var (_, page) in pages) await WaitForFigureAsync(page, "live-sound", "images", 2);
            var clock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(10));
            for (var i = 0; i < pages.Count; i++)
                Report($"sound-session-{i + 1}-of-{pages.Count}", await FiguresAsync(pages[i].Page, "live-sound"), clock.Elapsed);
            Assert.Equal(Sessions, (await LiveStatusAsync()).SoundSessions);
        }
        finally
        {
            foreach (var (context, _) in pages) await context.CloseAsync();
        }
        await WaitForNoLiveSessionsAsync();
    });

    /// <summary>
    /// A browser of the test's own whose microphone and camera play the fixture's recording and scene; without
    /// <paramref name="silence"/> the recording is the double bass alone (every window drawn: the rate a player gets).
    /// </summary>
    Task WithLiveBrowserAsync(Func<IBrowser, Task> body) => WithLiveBrowserAsync(silence: true, body);

    async Task WithLiveBrowserAsync(bool silence, Func<IBrowser, Task> body)
    {
        var folder = Path.Combine(Fixture.Workspace.Uploads, "live");
        Directory.CreateDirectory(folder);
        var wav = Path.Combine(folder, silence ? "double-bass-then-silence.wav" : "double-bass.wav");
        var y4m = Path.Combine(folder, "tuba.y4m");
        if (!File.Exists(wav)) WriteMicrophoneRecording(wav, silence);
        if (!File.Exists(y4m)) await WriteCameraVideoAsync(Fixture.Workspace.ValidationImage("tuba"), y4m);
        await using var browser = await Chromium.LaunchWithFakeMediaAsync(Fixture.Playwright, wav, y4m);
        await body(browser);
    }

    /// <summary>Every double-bass chunk of the tiny dataset one after another, then (with <paramref name="silence"/>) 2 s of silence.</summary>
    void WriteMicrophoneRecording(string path, bool silence)
    {
        var chunks = Directory.GetFiles(Path.Combine(Fixture.Workspace.DatasetFolder, "chunk"), "*.wav", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "double_bass").Order(StringComparer.Ordinal)
            .Select(f => WavCodec.ReadFile(f)).ToList();
        Assert.NotEmpty(chunks);
        var samples = chunks.SelectMany(c => c.Samples).Concat(new float[silence ? 2 * 44_100 : 0]).ToArray();
        using var file = File.Create(path);
        WavCodec.Write16(file, samples, 44_100);
    }

    static async Task WriteCameraVideoAsync(string image, string path)
    {
        var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg",
            ["-v", "error", "-y", "-loop", "1", "-i", image, "-t", "2", "-r", "10", "-vf", "scale=320:240", "-pix_fmt", "yuv420p", path])
        { RedirectStandardError = true })!;
        var error = await ffmpeg.StandardError.ReadToEndAsync();
        await ffmpeg.WaitForExitAsync();
        Assert.True(ffmpeg.ExitCode == 0, $"ffmpeg could not make the camera video: {error}");
    }

    static Task WaitForFigureAsync(IPage page, string session, string figure, int atLeast) =>
        page.WaitForFunctionAsync(
            "([id, key, n]) => { const e = document.querySelector(`[data-testid='${id}']`); return e && Number(e.dataset[key] || 0) >= n; }",
            new object[] { session, figure, atLeast }, new() { Timeout = StepTimeoutMs });

    static async Task<Dictionary<string, string>> FiguresAsync(IPage page, string session) =>
        await TestId(page, session).EvaluateAsync<Dictionary<string, string>>("e => Object.assign({}, e.dataset)");

    async Task<LiveStatusResponse> LiveStatusAsync()
    {
        using var channel = GrpcChannel.ForAddress(Fixture.Services.Generator.Address);
        return await new Protos.V1.GeneratorService.GeneratorServiceClient(channel).GetLiveStatusAsync(new LiveStatusRequest());
    }

    async Task WaitForNoLiveSessionsAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        LiveStatusResponse status;
        while ((status = await LiveStatusAsync()) is { SoundSessions: > 0 } or { ImageSessions: > 0 } && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.Equal((0, 0), (status.SoundSessions, status.ImageSessions));
    }

    /// <summary>The page's own figures, kept under TestResults/e2e/live/ (docs/PERFORMANCE.md quotes them).</summary>
    static void Report(string name, Dictionary<string, string> figures, TimeSpan measured)
    {
        var folder = Path.Combine(ResultsFolder, "live");
        Directory.CreateDirectory(folder);
        figures["measuredSeconds"] = measured.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(folder, $"{name}.json"), JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true }));
    }
}
