using Bunit;
using CrossModal.Protos.V1;
using CrossModal.Web.Components.Pages;
using CrossModal.Web.Services;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Components.Forms;

namespace CrossModal.Web.Tests;

public sealed class ImageToSoundPageTests : ComponentTestContext
{
    /// <summary>Each bundled example's "real" LMS is flat at a level of its own: the nearest to a flat −30 dB is the one at −30.</summary>
    static float LevelOf(string instrument) => -60 + 5 * ExampleCatalog.Instruments.ToList().IndexOf(instrument);

    void FakeServices(bool encoderDown = false)
    {
        Generator.OnImageToSound = r => new ImageToSoundResponse
        {
            ModelId = "i2s", Lms = TestData.Lms(128, 34, (_, _) => -30), Wav = ByteString.CopyFrom(TestData.ExampleWav("viola")),
        };
        Encoder.OnEncodeAudio = r =>
        {
            if (encoderDown) throw Calls.Status(StatusCode.Unavailable, "connection refused");
            var instrument = ExampleCatalog.Instruments.Single(i => TestData.ExampleWav(i).AsSpan().SequenceEqual(r.Wav.Span));
            return new EncodeAudioResponse { Lms = TestData.Lms(128, 44, (_, _) => LevelOf(instrument)) };
        };
        Evaluator.OnClassifySpectrograms = r => new ClassifyResponse { Predictions = { TestData.Prediction("viola", 0.87f) } };
    }

    [Fact]
    public void The_generated_spectrogram_is_shown_with_axes_beside_the_nearest_real_one_and_the_audio_plays()
    {
        FakeServices();
        var page = Render<ImageToSound>();
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(TestData.ExampleJpeg(), "player.jpg", contentType: "image/jpeg"));
        page.WaitForAssertion(() => Assert.Equal("player.jpg", page.Find("[data-testid=input-name]").TextContent));

        page.Find("[data-testid=generate-button]").Click();

        page.WaitForAssertion(() => Assert.Contains("Nearest real: oboe", page.Find("[data-testid=lms-nearest]").TextContent));
        Assert.Contains("RMS difference 0.0 dB", page.Find("[data-testid=lms-nearest]").TextContent);
        var generated = page.Find("[data-testid=lms-generated]");
        Assert.Contains("128 mel bands x 34 frames", generated.TextContent);
        Assert.StartsWith("data:image/png;base64,", generated.QuerySelector("image")!.GetAttribute("href"));
        Assert.Equal(["0.0 s", "0.1 s", "0.2 s", "0.3 s", "0.4 s", "0.5 s"],
            generated.QuerySelectorAll(".tick-x").Select(t => t.TextContent));
        Assert.Equal(["500 Hz", "1 kHz", "2 kHz", "4 kHz", "8 kHz", "16 kHz"],
            generated.QuerySelectorAll(".tick-y").Select(t => t.TextContent));
        Assert.Contains("time (s)", generated.QuerySelector("[data-testid=axis-time]")!.TextContent);
        Assert.Contains("frequency (Hz", generated.QuerySelector("[data-testid=axis-frequency]")!.TextContent);
        Assert.Matches("^/media/[0-9a-f]{32}$", page.Find("[data-testid=output-audio]").GetAttribute("src"));
        Assert.Equal("/examples/oboe.wav", page.Find("[data-testid=nearest-audio]").GetAttribute("src"));
        Assert.Equal("viola", page.Find("[data-testid=heard-label]").TextContent);
    }

    [Fact]
    public void A_picture_that_is_not_a_JPEG_or_PNG_is_refused()
    {
        var page = Render<ImageToSound>();
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary("GIF89a......"u8.ToArray(), "cat.gif", contentType: "image/gif"));
        page.WaitForAssertion(() => Assert.Contains("'cat.gif' is not a JPEG or PNG image", page.Find("[data-testid=upload-error]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=i2s-input]"));
    }

    [Fact]
    public void A_corrupt_picture_gets_the_generators_message()
    {
        Generator.OnImageToSound = _ => throw Calls.Status(StatusCode.InvalidArgument, "image could not be decoded: unexpected end of JPEG data.");
        var page = Render<ImageToSound>();
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(TestData.ExampleJpeg()[..100], "cut.jpg", contentType: "image/jpeg"));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=i2s-input]")));
        page.Find("[data-testid=generate-button]").Click();
        page.WaitForAssertion(() => Assert.Contains("unexpected end of JPEG data", page.Find("[data-testid=error-detail]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=retry-button]"));
    }

    [Fact]
    public void An_encoder_that_is_down_leaves_the_result_and_Retry_finds_the_nearest()
    {
        FakeServices(encoderDown: true);
        var page = Render<ImageToSound>();
        page.Find("[data-testid=example-oboe]").Click();
        // The example is read asynchronously: wait for it before generating.
        page.WaitForAssertion(() => Assert.Equal("example: oboe", page.Find("[data-testid=input-name]").TextContent));
        page.Find("[data-testid=generate-button]").Click();

        var alert = page.WaitForElement("[data-testid=compare-error]");
        Assert.Equal("encoder", alert.GetAttribute("data-service"));
        Assert.NotEmpty(page.FindAll("[data-testid=lms-generated]"));
        Assert.NotEmpty(page.FindAll("[data-testid=output-audio]"));
        Assert.Equal("example: oboe", page.Find("[data-testid=input-name]").TextContent);

        FakeServices();
        page.Find("[data-testid=compare-retry]").Click();
        page.WaitForAssertion(() => Assert.Contains("Nearest real: oboe", page.Find("[data-testid=lms-nearest]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=compare-error]"));
    }
}
