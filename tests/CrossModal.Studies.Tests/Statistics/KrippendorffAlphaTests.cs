using CrossModal.Studies.Results;

namespace CrossModal.Studies.Tests.Statistics;

/// <summary>
/// Ordinal alpha checked two ways: against the worked example published by Krippendorff (2011, "Computing
/// Krippendorff's Alpha-Reliability", 4 observers x 12 units, values 1..5 with missing data: ordinal alpha = 0.815),
/// and against an independent brute-force implementation written here from the pairwise definition
/// (alpha = 1 - D_o / D_e with D_o over pairs within units and D_e over all pairs of pairable values).
/// </summary>
public sealed class KrippendorffAlphaTests
{
    // Rows: observers A..D; columns: units 1..12; null = not rated.
    static readonly int?[][] Published =
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
        [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
    ];

    static List<IReadOnlyList<int>> Units(int?[][] byObserver) =>
        Enumerable.Range(0, byObserver[0].Length)
            .Select(u => (IReadOnlyList<int>)byObserver.Where(o => o[u] is not null).Select(o => o[u]!.Value).ToList()).ToList();

    [Fact]
    public void Matches_Krippendorffs_published_worked_example()
    {
        var alpha = KrippendorffAlpha.Ordinal(Units(Published));
        Assert.NotNull(alpha);
        Assert.Equal(0.815, alpha.Value, 3);
        Assert.Equal(BruteForceOrdinal(Units(Published))!.Value, alpha.Value, 12);
    }

    [Fact]
    public void Matches_an_independent_pairwise_implementation_on_random_rating_tables()
    {
        var rng = new Random(20261125);
        for (int trial = 0; trial < 100; trial++)
        {
            int units = rng.Next(2, 40), raters = rng.Next(2, 8);
            var table = Enumerable.Range(0, units).Select(_ =>
            {
                // Raters agree more than chance: a latent score plus noise, some ratings missing.
                int truth = rng.Next(4);
                return (IReadOnlyList<int>)Enumerable.Range(0, raters).Where(_ => rng.NextDouble() > 0.25)
                    .Select(_ => Math.Clamp(truth + rng.Next(-1, 2) * (rng.NextDouble() < 0.4 ? 1 : 0), 0, 3)).ToList();
            }).ToList();
            var expected = BruteForceOrdinal(table);
            var actual = KrippendorffAlpha.Ordinal(table);
            if (expected is null) Assert.Null(actual);
            else Assert.Equal(expected.Value, actual!.Value, 10);
        }
    }

    [Fact]
    public void Perfect_agreement_is_one_and_undefined_cases_are_null()
    {
        Assert.Equal(1.0, KrippendorffAlpha.Ordinal([[0, 0], [3, 3, 3], [1, 1], [2, 2]])!.Value, 12);
        Assert.Null(KrippendorffAlpha.Ordinal([]));
        Assert.Null(KrippendorffAlpha.Ordinal([[1], [2], [3]]));       // nothing pairable
        Assert.Null(KrippendorffAlpha.Ordinal([[2, 2], [2, 2, 2]]));   // no variation: D_e = 0
    }

    [Fact]
    public void Systematic_disagreement_is_below_zero()
    {
        var alpha = KrippendorffAlpha.Ordinal([[0, 3], [3, 0], [0, 3], [3, 0]]);
        Assert.True(alpha < 0, $"alpha {alpha}");
    }

    /// <summary>The definition, pair by pair, without a coincidence matrix.</summary>
    static double? BruteForceOrdinal(IReadOnlyList<IReadOnlyList<int>> units)
    {
        var pairable = units.Where(u => u.Count >= 2).ToList();
        var pool = pairable.SelectMany(u => u).ToList();
        if (pool.Count == 0) return null;
        double n = pool.Count;
        var count = pool.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
        double Delta(int c, int k)
        {
            if (c == k) return 0;
            int lo = Math.Min(c, k), hi = Math.Max(c, k);
            double s = count.Where(kv => kv.Key >= lo && kv.Key <= hi).Sum(kv => kv.Value) - (count[lo] + count[hi]) / 2.0;
            return s * s;
        }
        double observed = 0;
        foreach (var u in pairable)
            for (int i = 0; i < u.Count; i++)
                for (int j = 0; j < u.Count; j++)
                    if (i != j) observed += Delta(u[i], u[j]) / (u.Count - 1);
        double expected = 0;
        for (int i = 0; i < pool.Count; i++)
            for (int j = 0; j < pool.Count; j++)
                if (i != j) expected += Delta(pool[i], pool[j]);
        if (expected == 0) return null;
        return 1 - (n - 1) * observed / expected;
    }
}
