using CrossModal.TestSupport;

namespace CrossModal.Cli.Tests;

public sealed class DatasetStatsCommandTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("cm-cli-stats-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void MissingFolderIsOneLineAndExitTwo()
    {
        var r = CliProcess.Run("dataset", "stats", Path.Combine(dir, "nope"), "--json");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.StdOut);
        Assert.Single(r.StdErr.Trim().Split('\n'));
        Assert.Contains("dataset folder not found", r.StdErr);
    }

    [Fact]
    public void AFolderThatIsNotADatasetIsRefused()
    {
        File.WriteAllText(Path.Combine(dir, "x.txt"), "x");
        var r = CliProcess.Run("dataset", "stats", dir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("is not a dataset: expected img/ and chunk/", r.StdErr);
    }

    [Fact]
    public void ReportsSkippedFilesOfAHandMadeDataset()
    {
        var img = Directory.CreateDirectory(Path.Combine(dir, "img", "train", "oboe")).FullName;
        Directory.CreateDirectory(Path.Combine(dir, "chunk", "train", "oboe"));
        using (var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24>(16, 16))
            SixLabors.ImageSharp.ImageExtensions.SaveAsJpeg(image, Path.Combine(img, "oboe04_1400.jpg"));
        var r = CliProcess.Run("dataset", "stats", dir, "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("\"pairs\": 0", r.StdOut);
        Assert.Contains("\"ImageWithoutSound\": 1", r.StdOut);
        Assert.Contains("\"loudness\": null", r.StdOut);
    }

    [Fact]
    public void NeedsTheFolderArgument() => Assert.NotEqual(0, CliProcess.Run("dataset", "stats").ExitCode);
}
