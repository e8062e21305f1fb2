using CrossModal.Core.Audio;
using CrossModal.DatasetTools.Synthetic;
using CrossModal.TestSupport;

namespace CrossModal.Cli.Tests;

public sealed class DatasetSynthCommandTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("cli-synth-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void SynthesisesASmallDatasetWhosePairsMatchItsFiles()
    {
        var dir = Path.Combine(_root, "ds");
        var r = CliProcess.Run("dataset", "synth", "--out", dir, "--per-class", "2", "--instruments", "cello,flute,tuba", "--seed", "3");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("cello", r.StdOut);
        Assert.Contains("wrote 6 pairs", r.StdOut);

        var pairs = PairsCsv.Read(Path.Combine(dir, "pairs.csv"));
        Assert.Equal(6, pairs.Count);
        Assert.Equal(["cello", "flute", "tuba"], pairs.Select(p => p.Instrument).Distinct());
        var wavs = Directory.GetFiles(Path.Combine(dir, "chunk"), "*.wav", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f)).Order();
        var jpgs = Directory.GetFiles(Path.Combine(dir, "img"), "*.jpg", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f)).Order();
        Assert.Equal(pairs.Select(p => Path.GetRelativePath(dir, p.ChunkPath(dir))).Order(), wavs);
        Assert.Equal(pairs.Select(p => Path.GetRelativePath(dir, p.ImagePath(dir))).Order(), jpgs);
        foreach (var p in pairs)
        {
            var clip = WavCodec.ReadFile(p.ChunkPath(dir));
            Assert.Equal(22_050, clip.Samples.Length);
            Assert.Equal(44_100, clip.SampleRate);
            Assert.True(Loudness.RmsDbfs(clip.Samples) > -45);
        }
        Assert.Equal(2, pairs.Select(p => p.Split).Distinct().Count());
        Assert.True(File.Exists(Path.Combine(dir, "dataset.json")));
    }

    [Theory]
    [InlineData("--per-class", "0", "per-class count 0")]
    [InlineData("--instruments", "cello,kazoo", "unknown instrument 'kazoo'")]
    public void BadArgumentsExitWithCode2AndAClearMessage(string option, string value, string message)
    {
        var dir = Path.Combine(_root, "bad");
        var r = CliProcess.Run("dataset", "synth", "--out", dir, option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.StdErr);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void AnOutputThatIsAFileIsRefused()
    {
        var file = Path.Combine(_root, "file.txt");
        File.WriteAllText(file, "keep me");
        var r = CliProcess.Run("dataset", "synth", "--out", file, "--per-class", "2", "--instruments", "oboe");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("is a file", r.StdErr);
        Assert.Equal("keep me", File.ReadAllText(file));
    }

    [Fact]
    public void GridDrawsOneRowPerInstrument()
    {
        var dir = Path.Combine(_root, "ds");
        Assert.Equal(0, CliProcess.Run("dataset", "synth", "--out", dir, "--per-class", "2", "--instruments", "horn,violin").ExitCode);
        var png = Path.Combine(_root, "grid.png");
        var r = CliProcess.Run("dataset", "grid", dir, png, "--columns", "2", "--cell", "64");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("2 instruments, 4 images", r.StdOut);
        using var bmp = SkiaSharp.SKBitmap.Decode(png);
        Assert.Equal((128, 128), (bmp.Width, bmp.Height));

        var missing = CliProcess.Run("dataset", "grid", Path.Combine(_root, "nope"), png);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("not found", missing.StdErr);
    }
}
