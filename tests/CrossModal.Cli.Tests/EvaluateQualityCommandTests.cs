using CrossModal.TestSupport;
namespace CrossModal.Cli.Tests;

/// <summary>`evaluate s2i|i2s --quality` and `report --test-data`: the issue-17 measures through the command line.</summary>
public sealed class EvaluateQualityCommandTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("cli-quality-").FullName;
    readonly string models, data, test;

    public EvaluateQualityCommandTests()
    {
        models = EvaluateFixtures.Models(Path.Combine(root, "models"));
        data = EvaluateFixtures.Dataset(Path.Combine(root, "data"));
        // Coverage needs more than k = 5 real samples per instrument, variety real samples from two pieces.
        test = EvaluateFixtures.Dataset(Path.Combine(root, "test"), train: 1, validation: 8, validationVideos: 2);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void S2IQualityIsAddedToTheJson()
    {
        var j = EvaluateFixtures.Json(CliProcess.Run("evaluate", "s2i", "--models", models, "--variant", "c", "--data", test, "--quality", "--json"));
        Assert.Equal(16, j.GetProperty("n").GetInt32());
        var q = j.GetProperty("quality");
        Assert.Equal(16, q.GetProperty("sounds").GetInt32());
        Assert.Equal(8, q.GetProperty("samples_per_sound").GetInt32());
        foreach (var space in new[] { "pixel_variety", "feature_variety" })
            Assert.Equal(2, q.GetProperty(space).GetProperty("per_instrument").GetArrayLength());
        Assert.InRange(q.GetProperty("coverage").GetProperty("coverage").GetDouble(), 0, 1);
        Assert.InRange(q.GetProperty("noise_share").GetDouble(), 0, 1);
        Assert.Equal(16, q.GetProperty("round_trip").GetProperty("result").GetProperty("n").GetInt32());
    }

    [Fact]
    public void RecordWritesTheFiguresIntoTheManifest()
    {
        var r = CliProcess.Run("evaluate", "i2s", "--models", models, "--data", test, "--quality", "--record");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("recorded", r.StdErr);
        var manifest = File.ReadAllText(Path.Combine(models, "i2s", "manifest.json"));
        Assert.Contains("\"quality.variety_spectrogram\"", manifest);
        Assert.Contains("\"quality.first_judge\"", manifest);
        var listed = CliProcess.Run("models", "list", models);
        Assert.True(listed.ExitCode == 0, listed.StdErr);
        var alone = CliProcess.Run("evaluate", "s2i", "--models", models, "--variant", "c", "--data", test, "--record");
        Assert.Equal(2, alone.ExitCode);
        Assert.Contains("give --quality too", alone.StdErr);
    }

    [Fact]
    public void I2SQualityPrintsTables()
    {
        var r = CliProcess.Run("evaluate", "i2s", "--models", models, "--data", test, "--quality");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("quality of i2s on 16 images", r.StdOut);
        Assert.Contains("variety R", r.StdOut);
        Assert.Contains("image classifier (the project's own)", r.StdOut);
    }

    [Fact]
    public void QualityNeedsADatasetAndPiecesToCompareWith()
    {
        var noData = CliProcess.Run("evaluate", "s2i", "--models", models, "--variant", "c", "--audio-root", Path.Combine(test, "chunk", "validation"), "--quality");
        Assert.Equal(2, noData.ExitCode);
        Assert.Contains("--quality needs --data", noData.StdErr);
        // The training fixture's validation pairs all come from one piece per instrument: no cross-piece distance.
        var onePiece = CliProcess.Run("evaluate", "s2i", "--models", models, "--variant", "c", "--data", data, "--quality");
        Assert.Equal(2, onePiece.ExitCode);
        Assert.Contains("two pieces", onePiece.StdErr);
    }

    [Fact]
    public void ReportWithATestSplitWritesTheQualitySection()
    {
        var output = Path.Combine(root, "docs", "RESULTS.md");
        var photos = Path.Combine(test, "img", "validation");
        var r = CliProcess.Run("report", "--models", models, "--data", data, "--test-data", test, "--real-images", photos, "--out", output, "--audio-examples", "0");
        Assert.True(r.ExitCode == 0, r.StdErr);
        var text = File.ReadAllText(output);
        Assert.Contains("## Generation quality on the test split", text);
        Assert.Contains("| S2I-C |", text);
        Assert.Contains("### s2i-c per instrument (test split)", text);
        Assert.Contains("*test* is the validation split of", text);
        Assert.True(File.Exists(Path.Combine(root, "docs", "images", "results-test-grid-s2i-c.png")));
        Assert.Contains("## Domain gap: real photographs", text);
        Assert.Contains("| all | 16 |", text);
        Assert.True(File.Exists(Path.Combine(root, "docs", "audio", "results-photo-i2s-cello.wav")));
        Assert.DoesNotContain("S2I-Default", text);    // this store has no default: S2I-C is what the product serves
        var same = CliProcess.Run("report", "--models", models, "--data", data, "--test-data", data, "--out", Path.Combine(root, "again", "R.md"));
        Assert.Equal(2, same.ExitCode);
        Assert.Contains("must not be the training dataset", same.StdErr);
    }

    [Fact]
    public void AReportOnAStoreWithTheProductsDefaultShowsItBesideThePapersModelsAndPerInstrument()
    {
        EvaluateFixtures.AddProductDefault(models);
        var output = Path.Combine(root, "with-default", "RESULTS.md");
        var r = CliProcess.Run("report", "--models", models, "--data", data, "--test-data", test, "--out", output, "--audio-examples", "0");
        Assert.True(r.ExitCode == 0, r.StdErr);
        var text = File.ReadAllText(output);
        // In Table 5 without the paper's figures (the paper has no such model), and in the quality table.
        var table5 = text.Split("## Table 5")[1].Split("\n## ")[0].Split('\n');
        Assert.EndsWith("| – | – |", Assert.Single(table5, l => l.StartsWith("| S2I-Default |", StringComparison.Ordinal)));
        Assert.Contains("87.37%", Assert.Single(table5, l => l.StartsWith("| S2I-C |", StringComparison.Ordinal)));
        var quality = text.Split("## Generation quality on the test split")[1];
        Assert.Contains("| S2I-Default |", quality);
        Assert.Contains("| S2I-C |", quality);
        // The served model gets the per-instrument table and the test grid.
        Assert.Contains("### s2i-c-default per instrument (test split)", text);
        Assert.DoesNotContain("### s2i-c per instrument", text);
        Assert.True(File.Exists(Path.Combine(root, "with-default", "images", "results-test-grid-s2i-c-default.png")));
        Assert.True(File.Exists(Path.Combine(root, "with-default", "images", "results-grid-s2i-c-default.png")));
    }
}
