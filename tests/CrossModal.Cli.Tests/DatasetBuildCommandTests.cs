using System.Text.Json;
using CrossModal.TestSupport;

namespace CrossModal.Cli.Tests;

public sealed class DatasetBuildCommandTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("cm-cli-build-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void BuildsADatasetThatStatsThenDescribes()
    {
        var videos = Path.Combine(dir, "videos");
        DatasetBuildTestVideos.Tone(Path.Combine(videos, "cello01.mp4"), 1.5);
        DatasetBuildTestVideos.Tone(Path.Combine(videos, "violin", "violin01.mp4"), 1.5, 660);
        DatasetBuildTestVideos.Tone(Path.Combine(videos, "violin", "violin02.mp4"), 1.5, 880);
        File.WriteAllText(Path.Combine(videos, "trumpet03.mp4"), "broken");
        var output = Path.Combine(dir, "dataset");

        var r = CliProcess.Run("dataset", "build", "--videos", videos, "--out", output, "--seed", "4", "--image-size", "32");

        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Matches(@"^built \d+ pairs from 3 video\(s\) into ", r.StdOut);
        Assert.Contains("skipped trumpet03.mp4: cannot be read as a video", r.StdOut);
        Assert.Contains("note: cello has a single video (cello01): it is in train", r.StdOut);
        Assert.True(File.Exists(Path.Combine(output, "dataset.json")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(output, "img", "train", "cello")));

        var json = CliProcess.Run("dataset", "stats", output, "--json");
        Assert.True(json.ExitCode == 0, json.StdErr);
        using var doc = JsonDocument.Parse(json.StdOut); // the whole of stdout is one JSON object
        var root = doc.RootElement;
        int pairs = root.GetProperty("pairs").GetInt32();
        Assert.Contains($"built {pairs} pairs", r.StdOut);
        Assert.Equal(1, root.GetProperty("videosBySplit").GetProperty("validation").GetInt32());
        Assert.Equal(pairs, root.GetProperty("imageSizes").GetProperty("32x32 JPEG").GetInt32());
        Assert.Equal(pairs, root.GetProperty("soundFormats").GetProperty("44100 Hz, 0.500 s").GetInt32());
        Assert.Equal("videos", root.GetProperty("manifestSource").GetString());
        Assert.Equal(1, root.GetProperty("buildSkippedByReason").GetProperty("BadSource").GetInt32());

        var table = CliProcess.Run("dataset", "stats", output);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("cello", table.StdOut);
        Assert.Contains("validation", table.StdOut);
        Assert.Contains("loudness dBFS", table.StdOut);
    }

    [Fact]
    public void MissingVideosFolderIsOneLineAndExitTwo()
    {
        var r = CliProcess.Run("dataset", "build", "--videos", Path.Combine(dir, "nope"), "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: '{Path.Combine(dir, "nope")}': videos folder not found.", r.StdErr.Trim());
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void RefusesANonEmptyOutputFolder()
    {
        DatasetBuildTestVideos.Tone(Path.Combine(dir, "videos", "flute01.mp4"), 1.0);
        var output = Directory.CreateDirectory(Path.Combine(dir, "out")).FullName;
        File.WriteAllText(Path.Combine(output, "precious.txt"), "x");
        var r = CliProcess.Run("dataset", "build", "--videos", Path.Combine(dir, "videos"), "--out", output);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("exists and is not empty", r.StdErr);
        Assert.Single(Directory.GetFileSystemEntries(output));
    }

    [Fact]
    public void RefusesABadImageSizeAndMissingOptions()
    {
        var r = CliProcess.Run("dataset", "build", "--videos", dir, "--out", Path.Combine(dir, "o"), "--image-size", "4");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("image size must be 16 to 1024", r.StdErr);
        Assert.NotEqual(0, CliProcess.Run("dataset", "build", "--out", Path.Combine(dir, "o")).ExitCode);
    }
}
