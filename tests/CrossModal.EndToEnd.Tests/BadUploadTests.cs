using CrossModal.EndToEnd.Tests.Infrastructure;

namespace CrossModal.EndToEnd.Tests;

public class BadUploadTests(EndToEndFixture fixture) : BrowserTest(fixture)
{
    /// <summary>
    /// A file that is not a WAV and an empty one are refused by the page, with a message naming the file, and the sound
    /// chosen before stays chosen; a well-formed but silent WAV is refused by the services, whose reason is shown.
    /// </summary>
    [Fact]
    public Task SoundPageExplainsWhatIsWrongAndKeepsTheGoodInput() => WithPageAsync(async page =>
    {
        await GotoReadyAsync(page, "/sound-to-image");
        var good = Fixture.Workspace.ValidationWav("tuba");
        await UploadAsync(page, "s2i-upload", good);
        await Assertions.Expect(TestId(page, "input-name")).ToHaveTextAsync(Path.GetFileName(good));

        await UploadAsync(page, "s2i-upload", Uploads.NotAWav());
        var error = TestId(page, "upload-error");
        await Assertions.Expect(error).ToContainTextAsync("'notes.wav' is not a WAV file");
        await Assertions.Expect(TestId(page, "input-name")).ToHaveTextAsync(Path.GetFileName(good));

        await UploadAsync(page, "s2i-upload", Uploads.Empty("nothing.wav", "audio/wav"));
        await Assertions.Expect(error).ToContainTextAsync("'nothing.wav' is empty");
        await Assertions.Expect(TestId(page, "input-name")).ToHaveTextAsync(Path.GetFileName(good));

        await UploadAsync(page, "s2i-upload", Uploads.SilentWav());
        await Assertions.Expect(TestId(page, "input-name")).ToHaveTextAsync("silence.wav");
        await Assertions.Expect(error).ToHaveCountAsync(0);
        await TestId(page, "generate-button").ClickAsync();
        var refusal = TestId(page, "error-alert");
        await Assertions.Expect(refusal).ToHaveAttributeAsync("data-code", "InvalidArgument");
        await Assertions.Expect(refusal).ToContainTextAsync("refused the input");
        await Assertions.Expect(TestId(refusal, "error-detail")).ToContainTextAsync("silent");
        // A refusal of the input offers no Retry (the same input would be refused again) and shows no gallery.
        await Assertions.Expect(TestId(refusal, "retry-button")).ToHaveCountAsync(0);
        await Assertions.Expect(TestId(page, "gallery")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task ImagePageRefusesASoundPretendingToBeAPicture() => WithPageAsync(async page =>
    {
        await GotoReadyAsync(page, "/image-to-sound");
        await UploadAsync(page, "i2s-upload", Uploads.WavAsImage(Fixture.Workspace.ValidationWav("tuba")));
        await Assertions.Expect(TestId(page, "upload-error")).ToContainTextAsync("'photo.png' is not a JPEG or PNG image");
        await Assertions.Expect(TestId(page, "i2s-input")).ToHaveCountAsync(0);
        await Assertions.Expect(TestId(page, "generate-button")).ToBeDisabledAsync();
    });
}
