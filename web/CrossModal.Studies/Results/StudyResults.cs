using CrossModal.Studies.Data;
using CrossModal.Studies.Domain;

namespace CrossModal.Studies.Results;

public sealed record MethodResult(string Method, int[] Histogram, MeanInterval? Mean)
{
    public int Count => Histogram.Sum();
    /// <summary>Share of each score 0..3 in percent (the paper's Fig. 8 plots these).</summary>
    public double[] Percent => Histogram.Select(h => Count == 0 ? 0 : 100.0 * h / Count).ToArray();
}

public sealed record InstrumentResult(string Instrument, IReadOnlyDictionary<string, MeanInterval?> ByMethod);

/// <summary>Who a rater is, as results need it: <paramref name="Crowd"/> for a participant from the public link.</summary>
public sealed record RaterInfo(int Id, string? Label, bool Excluded, bool Crowd = false);

/// <param name="MedianSetSeconds">The median time the rater took per set, where it was recorded.</param>
/// <param name="TooFast">A participant from the public link faster than the study's minimum time per set.</param>
public sealed record RaterResult(int RaterId, string? Label, bool Excluded, int SetsRated, int GoldSetsRated, IReadOnlyList<string> GoldFailures,
    bool Crowd = false, double? MedianSetSeconds = null, bool TooFast = false)
{
    public bool FailedGold => GoldFailures.Count > 0;

    /// <summary>
    /// Left out of the results: excluded by the researcher, or a participant from the public link who failed a gold
    /// check or was too fast (their ratings stay stored and exported). Raters with a hand-made link are only ever left
    /// out by hand.
    /// </summary>
    public bool LeftOut => Excluded || Crowd && (FailedGold || TooFast);
}

/// <summary>
/// A study's results from its ratings: regular sets only, raters left out (<see cref="RaterResult.LeftOut"/>) not
/// counted. Gold sets feed the attention checks only. Everything is recomputed from the rows on each call (no cached aggregate to go stale).
/// </summary>
public sealed record StudyResults(
    IReadOnlyList<MethodResult> Methods,
    IReadOnlyList<InstrumentResult> Instruments,
    double? AlphaOrdinal,
    int AlphaUnits,
    int RatingsUsed,
    int RatersUsed,
    IReadOnlyList<RaterResult> Raters)
{
    public static StudyResults Compute(IReadOnlyList<string> methods, IReadOnlyList<string> instruments,
        IReadOnlyList<RatingRow> rows, IEnumerable<RaterInfo> raters, int minSecondsPerSet = 0)
    {
        var byRater = rows.ToLookup(r => r.RaterId);
        var raterResults = raters.OrderBy(r => r.Id).Select(r =>
        {
            var mine = byRater[r.Id].ToList();
            var median = Median(mine.Where(x => x.SetSeconds is not null).GroupBy(x => x.SetId).Select(g => g.First().SetSeconds!.Value).ToList());
            return new RaterResult(r.Id, r.Label, r.Excluded,
                mine.Select(x => x.SetId).Distinct().Count(),
                mine.Where(x => x.SetKind == SetKind.Gold).Select(x => x.SetId).Distinct().Count(),
                GoldCheck.Failures(mine), r.Crowd, median, r.Crowd && minSecondsPerSet > 0 && median < minSecondsPerSet);
        }).ToList();
        var leftOut = raterResults.Where(r => r.LeftOut).Select(r => r.RaterId).ToHashSet();
        var used = rows.Where(r => r.SetKind == SetKind.Regular && !r.RaterExcluded && !leftOut.Contains(r.RaterId)).ToList();

        var methodResults = methods.Select(m =>
        {
            var scores = used.Where(r => r.Method == m).Select(r => r.Score).ToList();
            var histogram = new int[Rubric.Max + 1];
            foreach (var s in scores) histogram[s]++;
            return new MethodResult(m, histogram, MeanInterval.Of(scores));
        }).ToList();

        var instrumentResults = instruments.Select(i => new InstrumentResult(i, methods.ToDictionary(m => m,
            m => MeanInterval.Of(used.Where(r => r.Instrument == i && r.Method == m).Select(r => r.Score).ToList())))).ToList();

        var units = used.GroupBy(r => r.ImageId).Select(g => (IReadOnlyList<int>)g.Select(r => r.Score).ToList()).ToList();
        var alpha = KrippendorffAlpha.Ordinal(units);

        return new StudyResults(methodResults, instrumentResults, alpha, units.Count(u => u.Count >= 2), used.Count,
            used.Select(r => r.RaterId).Distinct().Count(), raterResults);
    }

    static double? Median(List<double> values)
    {
        if (values.Count == 0) return null;
        values.Sort();
        int mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
