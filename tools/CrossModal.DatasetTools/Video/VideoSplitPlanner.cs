using CrossModal.Core.Datasets;
using CrossModal.Domain;

namespace CrossModal.DatasetTools.Video;

/// <summary>
/// Splits videos 80/20 by video, per instrument, so no video has chunks in both splits (as the paper built
/// Sub-URMP). Deterministic for a seed. Validation gets round(n × fraction) videos of an instrument with n videos,
/// at least one when n ≥ 2 and never all; an instrument with a single video goes to train, and the report says so.
/// </summary>
public static class VideoSplitPlanner
{
    public static Dictionary<VideoSource, DatasetSplit> Plan(IEnumerable<VideoSource> videos, long seed, double validationFraction, DatasetReport report)
    {
        var plan = new Dictionary<VideoSource, DatasetSplit>();
        foreach (var group in videos.GroupBy(v => v.Instrument).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ordered = group.OrderBy(v => v.Id, StringComparer.Ordinal).ToList();
            var shuffled = SeededShuffle.Shuffle(ordered, seed, "videos/" + group.Key);
            int validation = SeededShuffle.ValidationCount(shuffled.Count, validationFraction);
            for (int i = 0; i < shuffled.Count; i++)
                plan[shuffled[i]] = i < validation ? DatasetSplit.Validation : DatasetSplit.Train;
            if (shuffled.Count == 1)
                report.Note($"{group.Key} has a single video ({shuffled[0].Id}): it is in train, and validation has no {group.Key}.");
        }
        return plan;
    }
}
