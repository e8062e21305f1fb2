using CrossModal.Core.Datasets;
using CrossModal.DatasetTools.Video;

namespace CrossModal.Core.Tests.Datasets.Video;

public class VideoDiscoveryTests
{
    static List<VideoSource> Discover(TempFolder dir, DatasetReport report, params string[] files)
    {
        foreach (var f in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(dir[f])!);
            File.WriteAllText(dir[f], "");
        }
        return VideoDiscovery.Discover(dir.Path, report);
    }

    [Fact]
    public void NamesVideosFromFileNamesAndFolders()
    {
        using var dir = new TempFolder();
        var report = new DatasetReport();
        var found = Discover(dir, report,
            "cello01.mp4", "Double-Bass_3 Bach.MKV", "violin 12.mov", "doublebass07.webm",
            "viola/take_5_final.mp4", "viola/rehearsal.mp4", "sax.avi", "trumpet.mp4");

        Assert.Equal(
            ["cello01", "double_bass03", "double_bass07", "sax01", "trumpet01", "viola01", "viola05", "violin12"],
            found.Select(v => v.Id));
        Assert.Equal("rehearsal.mp4", Path.GetFileName(found.Single(v => v.Id == "viola01").Path));
        Assert.Contains(report.Notes, n => n.Contains("'rehearsal.mp4' has no piece number: named viola01"));
        Assert.Empty(report.Skipped);
    }

    [Fact]
    public void ReportsWhatItCannotUse()
    {
        using var dir = new TempFolder();
        var report = new DatasetReport();
        var found = Discover(dir, report,
            "cello01.mp4", "cello_01.mkv", "cellist02.mp4", "concert.mp4", "readme.txt", "piano/piano01.mp4", "horn1000.mp4");

        Assert.Equal("cello01", Assert.Single(found).Id);
        Assert.Contains(report.Skipped, s => s.Path.EndsWith("cello_01.mkv") && s.Reason == SkipReason.DuplicateName && s.Detail.Contains("cello01 is already cello01.mp4"));
        Assert.Contains(report.Skipped, s => s.Path.EndsWith("cellist02.mp4") && s.Reason == SkipReason.BadName && s.Detail.Contains("cannot tell the instrument"));
        Assert.Contains(report.Skipped, s => s.Path.EndsWith("concert.mp4") && s.Reason == SkipReason.BadName);
        Assert.Contains(report.Skipped, s => s.Path.EndsWith("readme.txt") && s.Reason == SkipReason.UnexpectedFile);
        Assert.Contains(report.Skipped, s => s.Path.EndsWith("piano01.mp4") && s.Reason == SkipReason.UnknownLabel);
        Assert.Contains(report.Skipped, s => s.Path.EndsWith("horn1000.mp4") && s.Detail.Contains("above 999"));
        Assert.Equal(6, report.Skipped.Count);
    }

    [Fact]
    public void MissingFolderIsInvalidInput() =>
        Assert.Throws<InvalidInputException>(() => VideoDiscovery.Discover("/nonexistent/videos", new DatasetReport()));
}
