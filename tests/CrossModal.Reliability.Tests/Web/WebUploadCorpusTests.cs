using System.Diagnostics;
using CrossModal.Reliability.Tests.Corpus;
using CrossModal.Reliability.Tests.Probes;
using CrossModal.Services.Tests;
using CrossModal.Web.Services;
using Grpc.Core;
using Microsoft.AspNetCore.Components.Forms;
using Xunit.Abstractions;

namespace CrossModal.Reliability.Tests.Web;

/// <summary>
/// The hostile corpus through the web app's uploads, as the Sound → Image and Image → Sound pages handle them: the
/// page's own checks (<see cref="UploadRules"/>, reading the browser file) refuse what they can tell at once; what
/// passes them goes, through the page's flow, to the real generator on loopback, which refuses it. Either way the
/// visitor gets one line naming the problem (the page's message, or the service's INVALID_ARGUMENT shown as it is),
/// nothing is stored, and a good upload still works afterwards.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class WebUploadCorpusTests(ServicesFixture f, ITestOutputHelper output)
{
    [Fact]
    public async Task EveryHostileSoundAndImageIsRefusedByThePageOrByTheServiceWithOneLine()
    {
        var log = new RefusalLog(output);
        var stored = StoreSnapshot.Take(f.Models, f.Data);
        using var media = new MediaStore(new WebOptions());
        var generator = new Protos.V1.GeneratorService.GeneratorServiceClient(f.GeneratorChannel);
        var sounds = new SoundToImageFlow(generator, new Protos.V1.EvaluatorService.EvaluatorServiceClient(f.EvaluatorChannel), media);
        var images = new ImageToSoundFlow(generator, new Protos.V1.EncoderService.EncoderServiceClient(f.EncoderChannel),
            new Protos.V1.EvaluatorService.EvaluatorServiceClient(f.EvaluatorChannel), media);

        foreach (var input in HostileFiles.Sounds().Append(HostileFiles.OversizedWav()))
            await Refused(log, "Sound → Image upload", input, UploadRules.CheckWav, file => sounds.GenerateAsync(file, "s2i-c", 1, 1));
        foreach (var input in HostileFiles.Images().Append(HostileFiles.OversizedImage()))
            await Refused(log, "Image → Sound upload", input, UploadRules.CheckImage, file => images.GenerateAsync(file, 1));

        // A good upload of each still works, and nothing under the model store or the data root changed.
        var wav = await UploadRules.ReadAsync(new CorpusFile("good.wav", Samples.Wav().ToByteArray()), UploadRules.CheckWav);
        Assert.Single((await sounds.GenerateAsync(wav, "s2i-c", 1, 1)).Images);
        var png = await UploadRules.ReadAsync(new CorpusFile("good.png", Samples.Png(1).ToByteArray()), UploadRules.CheckImage);
        Assert.NotNull((await images.GenerateAsync(png, 1)).Lms);
        StoreSnapshot.Take(f.Models, f.Data).AssertUnchangedSince(stored);
        log.Report("web uploads", "good uploads answered after the corpus", "stored bytes unchanged");
    }

    static async Task Refused(RefusalLog log, string entry, HostileInput input, Action<string, byte[]> check, Func<UploadedFile, Task> send)
    {
        var name = "upload" + input.Extension;
        var clock = Stopwatch.StartNew();
        string message;
        try
        {
            var file = await UploadRules.ReadAsync(new CorpusFile(name, input.Bytes), check);
            await send(file);
            throw new Xunit.Sdk.XunitException($"{entry} accepted '{input.Name}'");
        }
        catch (InvalidUploadException e)
        {
            // The page's own refusal: it names the file.
            Assert.Contains(name, e.Message);
            message = "page: " + e.Message;
        }
        catch (ServiceCallException e)
        {
            Assert.True(e.Failure.IsInputProblem, $"{entry} <- {input.Name}: {e.Failure.Code} {e.Failure.Detail}");
            Assert.Contains(input.Expect, e.Failure.Detail, StringComparison.OrdinalIgnoreCase);
            message = $"{e.Failure.Service}: {e.Failure.Code} {e.Failure.Detail}";
        }
        Assert.DoesNotContain('\n', message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"{entry} <- {input.Name} took {clock.Elapsed}");
        log.Add(entry, input.Name, message, clock.Elapsed);
    }

    /// <summary>A browser file as Blazor hands it over: a name, the size the browser announces, a stream of the bytes.</summary>
    sealed class CorpusFile(string name, byte[] bytes) : IBrowserFile
    {
        public string Name => name;
        public DateTimeOffset LastModified => DateTimeOffset.UnixEpoch;
        public long Size => bytes.Length;
        public string ContentType => "application/octet-stream";

        public Stream OpenReadStream(long maxAllowedSize = 512000, CancellationToken cancellationToken = default) =>
            bytes.Length > maxAllowedSize ? throw new IOException($"Supplied file with size {bytes.Length} bytes exceeds the maximum of {maxAllowedSize} bytes.")
                : new MemoryStream(bytes, writable: false);
    }
}
