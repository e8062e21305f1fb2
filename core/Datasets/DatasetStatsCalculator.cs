using System.Globalization;
using CrossModal.Core.Audio;
using CrossModal.Core.Imaging;

namespace CrossModal.Core.Datasets;

/// <summary>
/// Computes <see cref="DatasetStats"/> by reading every pair: image headers only (format and size, no pixel
/// decoding) and every sound in full (duration, format, loudness). Files that fail here are counted as skipped
/// with their reason, as a reader would.
/// </summary>
public static class DatasetStatsCalculator
{
    public static DatasetStats Compute(PairedDataset dataset, IProgress<int>? pairsDone = null, CancellationToken ct = default)
    {
        var report = dataset.Report;
        var extraSkips = new List<SkippedItem>();
        var loudness = new List<double>();
        var soundFormats = new Dictionary<string, int>();
        var imageSizes = new Dictionary<string, int>();
        var counted = new List<PairedSample>();
        double seconds = 0;
        int done = 0;
        foreach (var sample in dataset.Samples)
        {
            ct.ThrowIfCancellationRequested();
            pairsDone?.Report(++done);
            ImageHeader header;
            AudioClip clip;
            try { header = SafeImageDecoder.IdentifyFile(sample.ImagePath); }
            catch (InvalidInputException e) { extraSkips.Add(new(sample.ImagePath, SkipReason.UnreadableImage, e.Message)); continue; }
            try { clip = sample.LoadSound(); }
            catch (InvalidInputException e) { extraSkips.Add(new(sample.SoundPath, SkipReason.UnreadableSound, e.Message)); continue; }

            counted.Add(sample);
            Increment(imageSizes, $"{header.Width}x{header.Height} {header.Format}");
            Increment(soundFormats, string.Create(CultureInfo.InvariantCulture, $"{clip.SampleRate} Hz, {clip.DurationSeconds:0.000} s"));
            seconds += clip.DurationSeconds;
            loudness.Add(Loudness.RmsDbfs(clip.Samples));
        }

        var skippedByReason = report.Skipped.Concat(extraSkips).GroupBy(s => s.Reason).OrderBy(g => g.Key)
            .ToDictionary(g => g.Key.ToString(), g => g.Count());
        return new DatasetStats(
            dataset.Root,
            counted.Count,
            dataset.Labels,
            counted.GroupBy(s => s.Split).OrderBy(g => g.Key).ToDictionary(g => g.Key.FolderName(),
                g => g.GroupBy(s => s.Label).OrderBy(l => dataset.Labels.ToList().IndexOf(l.Key)).ToDictionary(l => l.Key, l => l.Count())),
            counted.Where(s => s.VideoId is not null).GroupBy(s => s.Split).OrderBy(g => g.Key)
                .ToDictionary(g => g.Key.FolderName(), g => g.Select(s => s.VideoId).Distinct().Count()),
            seconds,
            soundFormats,
            imageSizes,
            Summarise(loudness),
            report.Skipped.Count + extraSkips.Count,
            skippedByReason,
            dataset.Manifest?.Skipped ?? [],
            report.Notes,
            dataset.Manifest?.Source,
            dataset.Manifest?.Seed);
    }

    static LoudnessSummary? Summarise(List<double> dbfs)
    {
        if (dbfs.Count == 0) return null;
        dbfs.Sort();
        var finite = dbfs.Where(double.IsFinite).ToList();
        return new LoudnessSummary(
            dbfs.Count, dbfs[0], Percentile(dbfs, 0.10), Percentile(dbfs, 0.50), Percentile(dbfs, 0.90), dbfs[^1],
            finite.Count > 0 ? finite.Average() : double.NegativeInfinity,
            dbfs.Count(d => d <= Loudness.SilenceThresholdDbfs));
    }

    /// <summary>Linear interpolation between closest ranks (numpy's default) on sorted values.</summary>
    static double Percentile(List<double> sorted, double p)
    {
        double rank = p * (sorted.Count - 1);
        int lo = (int)Math.Floor(rank), hi = (int)Math.Ceiling(rank);
        if (lo == hi || !double.IsFinite(sorted[lo])) return sorted[lo];
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    static void Increment(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}
