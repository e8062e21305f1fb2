using CrossModal.Studies.Data;
using CrossModal.Studies.Results;

namespace CrossModal.Studies.Tests.Statistics;

public sealed class ResultsTests
{
    [Theory]
    [InlineData(1, 12.7062)]
    [InlineData(3, 3.1824)]
    [InlineData(30, 2.0423)]
    [InlineData(31, 2.0395)]
    [InlineData(60, 2.0003)]
    [InlineData(120, 1.9799)]
    [InlineData(1000, 1.9623)]
    public void Student_t_quantiles_match_tables(int df, double expected) =>
        Assert.InRange(MeanInterval.StudentT975(df), expected - 2e-4, expected + 2e-4);

    [Fact]
    public void Mean_interval_is_the_t_interval()
    {
        var ci = MeanInterval.Of([0, 1, 2, 3])!;
        Assert.Equal(1.5, ci.Mean, 12);
        // sd = sqrt(5/3), se = sd / 2, t(3) = 3.1824
        Assert.Equal(3.1824 * Math.Sqrt(5.0 / 3) / 2, ci.HalfWidth, 4);
        Assert.Null(MeanInterval.Of([]));
        Assert.Equal(2, MeanInterval.Of([2])!.High);
    }

    static RatingRow Row(int rater, string method, int score, int image, SetKind kind = SetKind.Regular, GoldRole role = GoldRole.None,
        bool excluded = false, int set = 1, string instrument = "cello", double? seconds = null) =>
        new(rater, null, excluded, set, kind, instrument, "s", image, Guid.NewGuid(), method, role, score, DateTime.UtcNow, seconds);

    [Fact]
    public void Crowd_participants_who_fail_gold_or_rate_too_fast_are_left_out_automatically_and_shown_why()
    {
        var rows = new List<RatingRow>
        {
            // Rater 1 (crowd): careful and slow enough. Rater 2 (crowd): 2 s per set, under the 5 s minimum.
            Row(1, "S2I-C", 3, 1, set: 1, seconds: 12), Row(1, "S2I-C", 2, 2, set: 2, seconds: 8),
            Row(2, "S2I-C", 0, 1, set: 1, seconds: 2), Row(2, "S2I-C", 0, 2, set: 2, seconds: 2),
            // Rater 3 (crowd) fails a gold set (the same score everywhere); rater 4 (hand-made link) fails it too.
            Row(3, "S2I-C", 1, 1, set: 1, seconds: 20),
            Row(3, "GT", 1, 5, SetKind.Gold, GoldRole.DuplicateA, set: 9), Row(3, "broken", 1, 6, SetKind.Gold, GoldRole.Broken, set: 9),
            Row(4, "S2I-C", 1, 1, set: 1),
            Row(4, "GT", 1, 5, SetKind.Gold, GoldRole.DuplicateA, set: 9), Row(4, "broken", 1, 6, SetKind.Gold, GoldRole.Broken, set: 9),
        };
        var r = StudyResults.Compute(["S2I-C"], ["cello"], rows,
            [new(1, null, false, Crowd: true), new(2, null, false, Crowd: true), new(3, null, false, Crowd: true), new(4, null, false)], minSecondsPerSet: 5);

        Assert.Equal([false, true, true, false], r.Raters.Select(x => x.LeftOut));
        Assert.Equal((10.0, false), (r.Raters[0].MedianSetSeconds, r.Raters[0].TooFast));
        Assert.Equal((2.0, true), (r.Raters[1].MedianSetSeconds, r.Raters[1].TooFast));
        // The hand-made link's rater fails gold but is left out only by hand; nobody's Excluded flag was set.
        Assert.True(r.Raters[3].FailedGold);
        Assert.All(r.Raters, x => Assert.False(x.Excluded));
        Assert.Equal(3, r.RatingsUsed);
        Assert.Equal(2, r.RatersUsed);
        // Without a minimum, speed leaves nobody out.
        var free = StudyResults.Compute(["S2I-C"], ["cello"], rows, [new(2, null, false, Crowd: true)]);
        Assert.False(free.Raters.Single().LeftOut);
    }

    [Fact]
    public void Histograms_means_and_breakdown_use_regular_sets_of_included_raters_only()
    {
        var rows = new List<RatingRow>
        {
            Row(1, "S2I-C", 3, 1), Row(1, "GT", 3, 2), Row(2, "S2I-C", 1, 1), Row(2, "GT", 2, 2),
            Row(2, "S2I-C", 0, 3, instrument: "violin"),
            Row(3, "S2I-C", 0, 1, excluded: true),                                     // excluded rater
            Row(1, "GT", 0, 9, SetKind.Gold, GoldRole.DuplicateA, set: 5),             // gold sets never count
        };
        var r = StudyResults.Compute(["S2I-C", "GT"], ["cello", "violin"], rows, [new(1, null, false), new(2, null, false), new(3, null, true)]);
        var c = r.Methods.Single(m => m.Method == "S2I-C");
        Assert.Equal([1, 1, 0, 1], c.Histogram);
        Assert.Equal(4.0 / 3, c.Mean!.Mean, 12);
        Assert.Equal([33.333, 33.333, 0, 33.333], c.Percent.Select(p => Math.Round(p, 3)));
        Assert.Equal([0, 0, 1, 1], r.Methods.Single(m => m.Method == "GT").Histogram);
        Assert.Equal(2.0, r.Instruments.Single(i => i.Instrument == "cello").ByMethod["S2I-C"]!.Mean, 12);
        Assert.Equal(0.0, r.Instruments.Single(i => i.Instrument == "violin").ByMethod["S2I-C"]!.Mean, 12);
        Assert.Null(r.Instruments.Single(i => i.Instrument == "violin").ByMethod["GT"]);
        Assert.Equal(5, r.RatingsUsed);
        Assert.Equal(2, r.RatersUsed);
        Assert.Equal(2, r.AlphaUnits);
    }

    [Theory]
    [InlineData(3, 2, 0, false)]
    [InlineData(3, 3, 1, false)]
    [InlineData(3, 1, 0, true)]   // duplicates 2 apart
    [InlineData(2, 2, 2, true)]   // broken image scored 2
    [InlineData(0, 3, 3, true)]   // both
    [InlineData(1, 1, 1, true)]   // the same score for every image: the ground truth not above the broken one
    [InlineData(0, 0, 0, true)]
    [InlineData(2, 1, 1, true)]   // one copy of the ground truth no better than the broken image
    [InlineData(2, 1, 0, false)]
    public void Gold_checks(int a, int b, int broken, bool fails)
    {
        var rows = new[]
        {
            Row(1, "GT", a, 1, SetKind.Gold, GoldRole.DuplicateA, set: 9),
            Row(1, "GT", b, 2, SetKind.Gold, GoldRole.DuplicateB, set: 9),
            Row(1, "broken", broken, 3, SetKind.Gold, GoldRole.Broken, set: 9),
            Row(1, "S2I-C", 3, 4, SetKind.Gold, GoldRole.Filler, set: 9),
        };
        Assert.Equal(fails, GoldCheck.Failures(rows).Count > 0);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData(null, "")]
    public void Csv_fields_are_quoted_and_formula_safe(string? value, string expected) =>
        Assert.Equal(expected, RatingsCsv.Field(value));
}
