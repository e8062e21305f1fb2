namespace CrossModal.Bench.Harness;

/// <summary>Order statistics of timings (nearest-rank percentiles: p50 of an even count is the lower middle).</summary>
public static class Stats
{
    public static double Median(IEnumerable<double> values) => Percentile(values, 50);

    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0) throw new InvalidOperationException("no values");
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Relative spread (max − min) / median: how much the shared machine moved the figure between rounds.</summary>
    public static double Spread(IReadOnlyCollection<double> values) => (values.Max() - values.Min()) / Median(values);
}
