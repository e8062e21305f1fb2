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

public sealed record RaterResult(int RaterId, string? Label, bool Excluded, int SetsRated, int GoldSetsRated, IReadOnlyList<string> GoldFailures)
{
    public bool FailedGold => GoldFailures.Count > 0;
}

/// <summary>
/// A study's results from its ratings: regular sets only, raters marked excluded left out. Gold sets feed the
/// attention checks only. Everything is recomputed from the rows on each call (no cached aggregate to go stale).
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
        IReadOnlyList<RatingRow> rows, IEnumerable<(int Id, string? Label, bool Excluded)> raters)
    {
        var used = rows.Where(r => r.SetKind == SetKind.Regular && !r.RaterExcluded).ToList();

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

        var byRater = rows.ToLookup(r => r.RaterId);
        var raterResults = raters.OrderBy(r => r.Id).Select(r =>
        {
            var mine = byRater[r.Id].ToList();
            return new RaterResult(r.Id, r.Label, r.Excluded,
                mine.Select(x => x.SetId).Distinct().Count(),
                mine.Where(x => x.SetKind == SetKind.Gold).Select(x => x.SetId).Distinct().Count(),
                GoldCheck.Failures(mine));
        }).ToList();

        return new StudyResults(methodResults, instrumentResults, alpha, units.Count(u => u.Count >= 2), used.Count,
            used.Select(r => r.RaterId).Distinct().Count(), raterResults);
    }
}
