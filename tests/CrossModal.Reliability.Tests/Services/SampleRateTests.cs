using CrossModal.Core.Audio;
using CrossModal.Protos.V1;
using CrossModal.Reliability.Tests.Cli;
using CrossModal.Reliability.Tests.Corpus;
using CrossModal.Services.Tests;
using Google.Protobuf;
using Xunit.Abstractions;

namespace CrossModal.Reliability.Tests.Services;

/// <summary>
/// Sounds at other rates than the models' 44.1 kHz are resampled, not refused, by every entry point (core's
/// band-limited resampler): the same tone gives the same spectrum whatever its rate. Rates outside 1..384 kHz are
/// refused (the hostile corpus has 0 Hz and 4 GHz).
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class SampleRateTests(ServicesFixture f, ITestOutputHelper output)
{
    [Theory]
    [InlineData(8_000)]
    [InlineData(22_050)]
    [InlineData(48_000)]
    [InlineData(96_000)]
    public async Task AToneAtAnotherRateGivesTheSameSpectrumAsAt44100(int rate)
    {
        // 1 kHz is below every Nyquist frequency tried (4 kHz at 8 kHz).
        var reference = MelSpectrogram.Log(WavCodec.Read(HostileFiles.Tone(22_050, 44_100, 1000)).Samples);
        var tone = HostileFiles.Tone(rate / 2, rate, 1000);

        var served = await new Protos.V1.EncoderService.EncoderServiceClient(f.EncoderChannel)
            .EncodeAudioAsync(new EncodeAudioRequest { Wav = ByteString.CopyFrom(tone) }, deadline: DateTime.UtcNow.AddSeconds(60));
        Assert.Equal(128 * 44, served.Lms.Values.Count);

        var dir = Directory.CreateTempSubdirectory("cm-rates-").FullName;
        try
        {
            var wav = Path.Combine(dir, "tone.wav");
            File.WriteAllBytes(wav, tone);
            var r = await InProcessCli.Run("features", "lms", wav, Path.Combine(dir, "tone.npy"));
            Assert.True(r.ExitCode == 0, r.StdErr);
            if (rate != 44_100) Assert.Contains($"resampled from {rate} Hz", r.StdOut);
            var local = NpyFile.ReadFile(Path.Combine(dir, "tone.npy"));

            // The middle frame's loudest mel band, and how far the whole spectrum is from the reference (dB).
            int Peak(Func<int, float> band) => Enumerable.Range(0, 128).MaxBy(band);
            var expected = Peak(m => reference[m, 22]);
            Assert.Equal(expected, Peak(m => served.Lms.Values[m * 44 + 22]));
            Assert.Equal(expected, Peak(m => local.Data[m * 44 + 22]));
            var worst = Enumerable.Range(0, 128).Max(m => Math.Abs(served.Lms.Values[m * 44 + 22] - reference[m, 22]));
            output.WriteLine($"{rate} Hz: peak mel band {expected} as at 44.1 kHz; largest difference in the middle frame {worst:0.0} dB (in bands far from the tone, at the 16-bit noise floor)");
            Assert.True(served.Lms.Values[expected * 44 + 22] - reference[expected, 22] is > -1 and < 1, "the tone's band lost or gained level");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
