using CrossModal.Core.Audio;
using CrossModal.TestSupport;

namespace CrossModal.Cli.Tests;

public sealed class DatasetSoundsCommandTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("cli-sounds-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void RendersFreepatsChunksPerInstrumentAndReportsWhatTheBankLacks()
    {
        var dir = Path.Combine(_root, "fp");
        var r = CliProcess.Run("dataset", "sounds", "--bank", "freepats", "--out", dir, "--per-class", "1");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("wrote 11 chunks", r.StdOut);
        Assert.Contains("skipped viola: freepats has no patch for GM program 41 (viola)", r.StdOut);
        Assert.Contains("skipped double_bass: freepats has no patch for GM program 43 (contrabass)", r.StdOut);
        var folders = Directory.GetDirectories(dir).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["bassoon", "cello", "clarinet", "flute", "horn", "oboe", "sax", "trombone", "trumpet", "tuba", "violin"], folders);
        foreach (var wav in Directory.GetFiles(dir, "*.wav", SearchOption.AllDirectories))
            Assert.Equal(22_050, WavCodec.ReadFile(wav).Samples.Length);
        Assert.True(File.Exists(Path.Combine(dir, "sounds.json")));
    }

    [Theory]
    [InlineData("cannot render viola", "--bank", "freepats", "--instruments", "viola")]
    [InlineData("unknown sound bank", "--bank", "sgm")]
    [InlineData("per-class count 0", "--per-class", "0")]
    public void RefusesWhatItCannotRender(string message, params string[] args)
    {
        var dir = Path.Combine(_root, "refused");
        var r = CliProcess.Run(["dataset", "sounds", "--out", dir, .. args]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.StdErr);
        Assert.False(Directory.Exists(dir));
    }
}
