using CrossModal.Core.Datasets;
using CrossModal.DatasetTools.Synthetic;
using CrossModal.Domain;
using CrossModal.TestSupport;

namespace CrossModal.Cli.Tests;

public sealed class DemoCommandTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("cli-demo-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void DemoSynthesisesEveryInstrumentAndShowsWhatItMade()
    {
        var dir = Path.Combine(_root, "demo");
        var r = CliProcess.Run("demo", "--out", dir, "--per-class", "2");
        Assert.True(r.ExitCode == 0, r.StdErr);
        foreach (var instrument in Instruments.All) Assert.Contains(instrument, r.StdOut);
        Assert.Contains("wrote 26 pairs", r.StdOut);
        Assert.Contains("preview.png", r.StdOut);
        Assert.True(File.Exists(Path.Combine(dir, "preview.png")));
        Assert.Equal(26, PairsCsv.Read(Path.Combine(dir, "pairs.csv")).Count);

    }
}
