using CrossModal.Core.Audio;
using CrossModal.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CrossModal.Cli.Tests;

/// <summary>`crossmodal features lms | extract | render | invert`, run as a user runs them.</summary>
public sealed class FeaturesCommandTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "cm-features-" + Guid.NewGuid().ToString("N"));

    public FeaturesCommandTests() => Directory.CreateDirectory(_dir);
    public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    string P(string name) => Path.Combine(_dir, name);

    static float[] Chord(int n, int rate)
    {
        var y = new float[n];
        for (int i = 0; i < n; i++)
            y[i] = (float)(0.3 * Math.Sin(2 * Math.PI * 440 * i / rate) + 0.2 * Math.Sin(2 * Math.PI * 660 * i / rate));
        return y;
    }

    static void AssertRefused(CliProcess.Result r, string expected, params string[] mustNotExist)
    {
        Assert.Equal(2, r.ExitCode);
        var line = r.StdErr.Trim();
        Assert.StartsWith("error: ", line);
        Assert.DoesNotContain('\n', line);
        Assert.Contains(expected, line);
        foreach (var f in mustNotExist) Assert.False(File.Exists(f), $"{f} was written despite the error");
    }

    [Fact]
    public void LmsWritesThe128By44Float32ArrayOfTheLibraryDefinition()
    {
        var samples = Chord(22050, 44100);
        WavCodec.WriteFile16(P("chunk.wav"), samples, 44100);
        var r = CliProcess.Run("features", "lms", P("chunk.wav"), P("chunk.npy"));
        Assert.True(r.ExitCode == 0, r.StdErr);
        var a = NpyFile.ReadFile(P("chunk.npy"));
        Assert.Equal([128, 44], a.Shape);
        var expected = MelSpectrogram.Log(WavCodec.ReadFile(P("chunk.wav")).Samples);
        Assert.Equal(expected.Data, a.Data);
    }

    [Fact]
    public void LmsResamplesOtherRatesTo44100()
    {
        WavCodec.WriteFile16(P("48k.wav"), Chord(24000, 48000), 48000);
        var r = CliProcess.Run("features", "lms", P("48k.wav"), P("48k.npy"));
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("resampled from 48000 Hz", r.StdOut);
        Assert.Equal([128, 44], NpyFile.ReadFile(P("48k.npy")).Shape);
    }

    [Fact]
    public void ExtractWritesTheChosenRepresentation()
    {
        WavCodec.WriteFile16(P("chunk.wav"), Chord(22050, 44100), 44100);
        var r = CliProcess.Run("features", "extract", P("chunk.wav"), P("cqt.npy"), "--representation", "cqt");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Equal([84, 44], NpyFile.ReadFile(P("cqt.npy")).Shape);
    }

    [Fact]
    public void LmsRefusesMissingAndNonWavInput()
    {
        AssertRefused(CliProcess.Run("features", "lms", P("missing.wav"), P("out.npy")), "not found", P("out.npy"));
        File.WriteAllText(P("text.wav"), "this is not audio");
        AssertRefused(CliProcess.Run("features", "lms", P("text.wav"), P("out.npy")), "not a WAV", P("out.npy"));
    }

    [Fact]
    public void RenderDrawsAPngAndInvertMakesHalfASecondOfAudio()
    {
        var lms = MelSpectrogram.Log(Chord(22050, 44100));
        NpyFile.WriteFile(P("lms.npy"), lms);
        var r = CliProcess.Run("features", "render", P("lms.npy"), P("lms.png"), "--scale", "2");
        Assert.True(r.ExitCode == 0, r.StdErr);
        using (var img = Image.Load<Rgb24>(P("lms.png")))
            Assert.Equal((88, 256), (img.Width, img.Height));

        r = CliProcess.Run("features", "invert", P("lms.npy"), P("back.wav"), "--iterations", "32");
        Assert.True(r.ExitCode == 0, r.StdErr);
        var back = WavCodec.ReadFile(P("back.wav"));
        Assert.Equal((44100, 22050), (back.SampleRate, back.Samples.Length));
        // The tones come back: most of the reconstructed LMS energy sits where the original's does.
        var again = MelSpectrogram.Log(back.Samples);
        int peakBand = Enumerable.Range(0, 128).MaxBy(m => lms[m, 22]);
        Assert.Equal(peakBand, Enumerable.Range(0, 128).MaxBy(m => again[m, 22]));
    }

    [Fact]
    public void RenderAndInvertRefuseBadNpyFiles()
    {
        File.WriteAllBytes(P("corrupt.npy"), [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 200, 0, (byte)'{']);
        AssertRefused(CliProcess.Run("features", "render", P("corrupt.npy"), P("x.png")), "truncated", P("x.png"));
        AssertRefused(CliProcess.Run("features", "invert", P("corrupt.npy"), P("x.wav")), "truncated", P("x.wav"));

        var nan = new float[128 * 44];
        nan[100] = float.NaN;
        NpyFile.WriteFile(P("nan.npy"), new Spectrogram(nan, 128, 44));
        AssertRefused(CliProcess.Run("features", "invert", P("nan.npy"), P("x.wav")), "NaN", P("x.wav"));
        AssertRefused(CliProcess.Run("features", "render", P("nan.npy"), P("x.png")), "NaN", P("x.png"));

        NpyFile.WriteFile(P("64rows.npy"), new Spectrogram(new float[64 * 44], 64, 44));
        AssertRefused(CliProcess.Run("features", "invert", P("64rows.npy"), P("x.wav")), "128 mel bands", P("x.wav"));

        AssertRefused(CliProcess.Run("features", "render", P("missing.npy"), P("x.png")), "not found", P("x.png"));
        AssertRefused(CliProcess.Run("features", "render", P("64rows.npy"), P("x.png"), "--scale", "99"), "scale", P("x.png"));
    }
}
