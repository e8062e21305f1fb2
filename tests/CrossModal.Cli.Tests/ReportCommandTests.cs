using CrossModal.TestSupport;

namespace CrossModal.Cli.Tests;

public sealed class ReportCommandTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("cli-report-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void ExperimentThenReportWritesEverySection()
    {
        var models = EvaluateFixtures.Models(Path.Combine(root, "models"));
        EvaluateFixtures.History(models);
        var data = EvaluateFixtures.Dataset(Path.Combine(root, "data"));

        var study = Path.Combine(models, "representations.json");
        var md = Path.Combine(root, "table1.md");
        var e = CliProcess.Run("experiment", "representations", "--data", data, "--epochs", "1", "--per-class", "4", "--out", study, "--markdown", md);
        Assert.True(e.ExitCode == 0, e.StdErr);
        var table = File.ReadAllText(md);
        foreach (var rep in new[] { "MS", "LMS", "CQT", "MFCC", "STFT" }) Assert.Contains(rep, table);
        Assert.Contains("87.44%", table); // the paper's LMS 4-conv figure beside ours

        var output = Path.Combine(root, "docs", "RESULTS.md");
        var r = CliProcess.Run("report", "--models", models, "--data", data, "--out", output, "--audio-examples", "2");
        Assert.True(r.ExitCode == 0, r.StdErr);
        var text = File.ReadAllText(output);
        foreach (var section in new[] { "## Table 1", "## Encoders", "## Table 5", "## I2S", "## Fig. 9", "## Fréchet", "## Confusion", "## Pose", "## Sample grids", "## Listen", "## Training cost" })
            Assert.Contains(section, text);
        Assert.Contains("87.37%", text);
        Assert.Contains("11.17%", text);
        Assert.True(File.Exists(Path.Combine(root, "docs", "images", "results-fig9.png")));
        // Fig. 9's grids at key epochs, copied from the model set's previews, and the kept epoch named.
        Assert.Contains("epoch 4 of 5 is shipped", text);
        Assert.Contains("the last epoch (5) is shipped", text);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 5], File.ReadAllBytes(Path.Combine(root, "docs", "images", "results-s2i-c-epoch005.png")));
        Assert.True(File.Exists(Path.Combine(root, "docs", "images", "results-grid-s2i-c.png")));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(root, "docs", "audio"), "results-i2s-*.wav").Length);
    }

    [Fact]
    public void ReportWithoutClassifiersWritesNothing()
    {
        var models = Directory.CreateDirectory(Path.Combine(root, "models")).FullName;
        var data = EvaluateFixtures.Dataset(Path.Combine(root, "data"), 2, 1);
        var output = Path.Combine(root, "docs", "RESULTS.md");
        var r = CliProcess.Run("report", "--models", models, "--data", data, "--out", output);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("sound-encoder", r.StdErr);
        Assert.False(Directory.Exists(Path.Combine(root, "docs")));
    }
}
