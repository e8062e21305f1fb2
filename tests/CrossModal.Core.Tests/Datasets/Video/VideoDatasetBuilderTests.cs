using CrossModal.Core.Audio;
using CrossModal.Core.Datasets;
using CrossModal.Core.Imaging;
using CrossModal.DatasetTools.Video;
using SixLabors.ImageSharp.PixelFormats;

namespace CrossModal.Core.Tests.Datasets.Video;

/// <summary>One folder of generated videos, shared by the builder tests (making them takes ffmpeg a moment).</summary>
public sealed class VideoFolderFixture : IDisposable
{
    readonly TempFolder folder = new();
    public string VideosDir => folder["videos"];
    public string Scratch => folder.Path;

    public VideoFolderFixture()
    {
        TestVideos.MarkedFramesWithSilence(Path.Combine(VideosDir, "cello01.mkv"));
        TestVideos.Tone(Path.Combine(VideosDir, "violin", "take_2.mp4"), 2.0);
        TestVideos.Tone(Path.Combine(VideosDir, "violin03.mp4"), 2.0, frequency: 880);
        TestVideos.VideoOnly(Path.Combine(VideosDir, "flute02.mp4"));
        File.WriteAllBytes(Path.Combine(VideosDir, "horn01.mp4"), Enumerable.Range(0, 5000).Select(i => (byte)(i * 7919)).ToArray());
        File.WriteAllText(Path.Combine(VideosDir, "notes.txt"), "not a video");
    }

    public void Dispose() => folder.Dispose();
}

public class VideoDatasetBuilderTests(VideoFolderFixture videos) : IClassFixture<VideoFolderFixture>
{
    string NewOutput() => Path.Combine(videos.Scratch, "out-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task BuildsTheLayoutFromVideosEndToEnd()
    {
        var output = NewOutput();
        var progress = new List<VideoBuildProgress>();
        var result = await VideoDatasetBuilder.BuildAsync(
            new VideoBuildOptions(videos.VideosDir, output, Seed: 1, ImageSize: 32), new SyncProgress(progress.Add));

        // cello01: 6 chunks, the last 3 silent. violin02 and violin03: 2 s of tone, 3 or 4 chunks each (AAC priming).
        var cello = Directory.GetFiles(Path.Combine(output, "chunk", "train", "cello")).Select(Path.GetFileNameWithoutExtension).Order().ToList();
        Assert.Equal(["cello01_0", "cello01_1000", "cello01_500"], cello);
        Assert.Equal(3, result.Report.Count(SkipReason.Silent));
        Assert.Contains(result.Report.Skipped, s => s.Reason == SkipReason.Silent && s.Detail == "cello01_1500 at -inf dBFS");

        // Images: square, the requested size, and the first frame of each chunk (those are the white frames).
        foreach (var name in cello)
        {
            var image = Path.Combine(output, "img", "train", "cello", name + ".jpg");
            Assert.Equal(new ImageHeader("JPEG", 32, 32), SafeImageDecoder.IdentifyFile(image));
            using var decoded = SafeImageDecoder.DecodeFile(image);
            Assert.True(decoded[16, 16].R > 200, $"{name}: frame at the chunk start is white, got {decoded[16, 16]}");
        }

        // Sounds: 0.5 s of 44.1 kHz mono, loud enough, the chunk's own audio.
        var first = WavCodec.ReadFile(Path.Combine(output, "chunk", "train", "cello", "cello01_0.wav"));
        Assert.Equal((44_100, 22_050), (first.SampleRate, first.Samples.Length));
        Assert.InRange(Loudness.RmsDbfs(first.Samples), -10, -8); // 0.5 amplitude sine: −9.03 dBFS

        // violin: two videos, split one each way; cello alone goes to train and is noted; bad videos are reported.
        var read = SubUrmpDatasetReader.Read(output);
        Assert.Empty(read.Report.Skipped);
        Assert.Equal(result.Pairs, read.Samples.Count);
        var violinSplits = read.Samples.Where(s => s.Label == "violin").GroupBy(s => s.VideoId).ToDictionary(g => g.Key!, g => g.Select(s => s.Split).Distinct().Single());
        Assert.Equal(["violin02", "violin03"], violinSplits.Keys.Order());
        Assert.Equal(2, violinSplits.Values.Distinct().Count());
        Assert.Contains(result.Report.Notes, n => n.Contains("cello has a single video (cello01): it is in train"));
        Assert.Contains(result.Report.Skipped, s => s.Path.EndsWith("flute02.mp4") && s.Reason == SkipReason.BadSource && s.Detail.Contains("no audio stream"));
        Assert.Contains(result.Report.Skipped, s => s.Path.EndsWith("horn01.mp4") && s.Reason == SkipReason.BadSource && s.Detail.Contains("cannot be read as a video"));
        Assert.Contains(result.Report.Skipped, s => s.Path.EndsWith("notes.txt") && s.Reason == SkipReason.UnexpectedFile);
        Assert.Equal(3, result.Videos);

        // pairs.csv and dataset.json agree with the files.
        var meta = read.Samples.Single(s => s.Name == "cello01_500").Metadata;
        Assert.Equal(("train", "cello", "cello01", "500", "cello01.mkv"), (meta["split"], meta["instrument"], meta["video"], meta["start_ms"], meta["source"]));
        Assert.InRange(double.Parse(meta["loudness_dbfs"], System.Globalization.CultureInfo.InvariantCulture), -10, -8);
        Assert.NotNull(read.Manifest);
        Assert.Equal(("videos", 1L), (read.Manifest!.Source, read.Manifest.Seed!.Value));
        Assert.Equal(3, read.Manifest.Counts["train"]["cello"]);
        Assert.Equal(result.Pairs, read.Manifest.Counts.Values.SelectMany(c => c.Values).Sum());
        Assert.Equal(3, read.Manifest.Skipped["Silent"]);
        Assert.Equal(2, read.Manifest.Skipped["BadSource"]);
        Assert.Equal(3, DatasetStatsCalculator.Compute(read).BuildSkippedByReason["Silent"]);

        // Progress ran to completion; no staging folder is left beside the output.
        Assert.Equal(new VideoBuildProgress(5, 5, "violin03", "done"), progress[^1]);
        Assert.DoesNotContain(Directory.GetDirectories(videos.Scratch), d => Path.GetFileName(d).Contains(".partial-"));
        Assert.False(Directory.Exists(Path.Combine(output, ".work")));
    }

    [Fact]
    public async Task SameSeedGivesTheSameDataset()
    {
        string Layout(string root) => string.Join("\n", Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("dataset.json")).Select(f => Path.GetRelativePath(root, f)).Order());
        var a = await VideoDatasetBuilder.BuildAsync(new VideoBuildOptions(videos.VideosDir, NewOutput(), Seed: 9, ImageSize: 16));
        var b = await VideoDatasetBuilder.BuildAsync(new VideoBuildOptions(videos.VideosDir, NewOutput(), Seed: 9, ImageSize: 16));
        Assert.Equal(Layout(a.OutputDir), Layout(b.OutputDir));
        Assert.Equal(File.ReadAllText(Path.Combine(a.OutputDir, "pairs.csv")), File.ReadAllText(Path.Combine(b.OutputDir, "pairs.csv")));
    }

    [Fact]
    public async Task RefusesAnOutputFolderThatIsNotEmptyAndLeavesItAlone()
    {
        var output = NewOutput();
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "keep.txt"), "mine");
        var e = await Assert.ThrowsAsync<InvalidInputException>(() => VideoDatasetBuilder.BuildAsync(new VideoBuildOptions(videos.VideosDir, output)));
        Assert.Contains("exists and is not empty", e.Message);
        Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(output).Select(Path.GetFileName));
    }

    [Fact]
    public async Task AnEmptyOutputFolderIsFilled()
    {
        var output = NewOutput();
        Directory.CreateDirectory(output);
        var result = await VideoDatasetBuilder.BuildAsync(new VideoBuildOptions(videos.VideosDir, output, ImageSize: 16));
        Assert.True(File.Exists(Path.Combine(output, "dataset.json")));
        Assert.True(result.Pairs > 0);
    }

    [Fact]
    public async Task FailsCleanlyWhenNoVideoIsUsable()
    {
        using var dir = new TempFolder();
        File.Copy(Path.Combine(videos.VideosDir, "flute02.mp4"), dir["videos/flute02.mp4"].Also(Directory.CreateDirectory));
        File.Copy(Path.Combine(videos.VideosDir, "horn01.mp4"), dir["videos/horn01.mp4"]);
        TestVideos.AudioOnly(dir["videos/oboe01.wav"]); // not a video extension
        TestVideos.AudioOnly(dir["videos/oboe02.mkv"]); // no video stream
        var output = dir["out"];
        var e = await Assert.ThrowsAsync<InvalidInputException>(() => VideoDatasetBuilder.BuildAsync(new VideoBuildOptions(dir["videos"], output)));
        Assert.StartsWith("no pairs could be built", e.Message);
        Assert.Contains("no audio stream", e.Message);
        Assert.Contains("no video stream", e.Message);
        Assert.False(Directory.Exists(output));
        Assert.Equal(["videos"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task CancellationLeavesNothingBehind()
    {
        using var dir = new TempFolder();
        using var cts = new CancellationTokenSource();
        var output = dir["out"];
        var progress = new SyncProgress(p => { if (p.Stage == "extracting frames") cts.Cancel(); });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            VideoDatasetBuilder.BuildAsync(new VideoBuildOptions(videos.VideosDir, output), progress, cts.Token));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Theory]
    [InlineData(8, 0.2, "image size must be 16 to 1024")]
    [InlineData(64, 1.0, "validation fraction must be in [0, 1)")]
    public async Task RefusesBadOptions(int size, double fraction, string expected)
    {
        var e = await Assert.ThrowsAsync<InvalidInputException>(() =>
            VideoDatasetBuilder.BuildAsync(new VideoBuildOptions(videos.VideosDir, NewOutput(), ImageSize: size, ValidationFraction: fraction)));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public async Task RefusesAMissingOrEmptyVideosFolder()
    {
        using var dir = new TempFolder();
        await Assert.ThrowsAsync<InvalidInputException>(() => VideoDatasetBuilder.BuildAsync(new VideoBuildOptions(dir["none"], dir["out"])));
        var e = await Assert.ThrowsAsync<InvalidInputException>(() => VideoDatasetBuilder.BuildAsync(new VideoBuildOptions(dir.Path, dir["out"])));
        Assert.Contains("no usable video files", e.Message);
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need the reports in order and at once.</summary>
    sealed class SyncProgress(Action<VideoBuildProgress> report) : IProgress<VideoBuildProgress>
    {
        public void Report(VideoBuildProgress value) => report(value);
    }
}

static class PathTestExtensions
{
    /// <summary>Creates the file's folder and returns the path, for one-line setup.</summary>
    public static string Also(this string path, Func<string, DirectoryInfo> createDir)
    {
        createDir(Path.GetDirectoryName(path)!);
        return path;
    }
}
