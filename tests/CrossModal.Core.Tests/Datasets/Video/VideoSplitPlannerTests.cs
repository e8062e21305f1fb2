using CrossModal.Core.Datasets;
using CrossModal.DatasetTools.Video;

namespace CrossModal.Core.Tests.Datasets.Video;

public class VideoSplitPlannerTests
{
    static List<VideoSource> Videos(string instrument, int n) =>
        Enumerable.Range(1, n).Select(i => new VideoSource($"/v/{instrument}{i:D2}.mp4", instrument, i)).ToList();

    [Theory]
    [InlineData(2, 1)]
    [InlineData(5, 1)]
    [InlineData(8, 2)]
    [InlineData(10, 2)]
    [InlineData(13, 3)]
    public void HoldsOutAboutTwentyPercentOfEachInstrumentsVideos(int videos, int expectedValidation)
    {
        var plan = VideoSplitPlanner.Plan([.. Videos("cello", videos), .. Videos("flute", videos)], seed: 1, 0.2, new DatasetReport());
        foreach (var inst in new[] { "cello", "flute" })
            Assert.Equal(expectedValidation, plan.Count(kv => kv.Key.Instrument == inst && kv.Value == DatasetSplit.Validation));
    }

    [Fact]
    public void ASingleVideoGoesToTrainAndTheReportSaysSo()
    {
        var report = new DatasetReport();
        var plan = VideoSplitPlanner.Plan(Videos("tuba", 1), seed: 0, 0.2, report);
        Assert.Equal(DatasetSplit.Train, plan.Single().Value);
        Assert.Contains(report.Notes, n => n.Contains("tuba has a single video (tuba01): it is in train"));
    }

    [Fact]
    public void IsDeterministicPerSeedAndDependsOnIt()
    {
        var videos = Videos("violin", 10);
        string Held(long seed) => string.Join(",", VideoSplitPlanner.Plan(videos, seed, 0.2, new DatasetReport())
            .Where(kv => kv.Value == DatasetSplit.Validation).Select(kv => kv.Key.Id).Order());
        Assert.Equal(Held(5), Held(5));
        Assert.Equal(Held(5), string.Join(",", VideoSplitPlanner.Plan(Enumerable.Reverse(videos), 5, 0.2, new DatasetReport())
            .Where(kv => kv.Value == DatasetSplit.Validation).Select(kv => kv.Key.Id).Order())); // input order does not matter
        Assert.Contains(Enumerable.Range(0, 20), s => Held(s) != Held(5));
    }
}
