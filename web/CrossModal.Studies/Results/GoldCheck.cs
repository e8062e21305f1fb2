using CrossModal.Studies.Data;

namespace CrossModal.Studies.Results;

/// <summary>
/// Attention checks on gold sets: the ground truth shown twice must get scores within 1 of each other, the broken image
/// must get 0 or 1, and both copies of the ground truth must score above the broken image, so a rater who gives every
/// image the same score fails. A rater fails when any gold set they rated fails a check.
/// </summary>
public static class GoldCheck
{
    public const int MaxDuplicateGap = 1, MaxBrokenScore = 1;

    /// <summary>Why each failed gold set failed (empty: passed, or no gold set rated).</summary>
    public static IReadOnlyList<string> Failures(IEnumerable<RatingRow> raterRows)
    {
        var failures = new List<string>();
        foreach (var set in raterRows.Where(r => r.SetKind == SetKind.Gold).GroupBy(r => r.SetId).OrderBy(g => g.Key))
        {
            var a = set.FirstOrDefault(r => r.GoldRole == GoldRole.DuplicateA);
            var b = set.FirstOrDefault(r => r.GoldRole == GoldRole.DuplicateB);
            var broken = set.FirstOrDefault(r => r.GoldRole == GoldRole.Broken);
            if (a is not null && b is not null && Math.Abs(a.Score - b.Score) > MaxDuplicateGap)
                failures.Add($"gold set {set.Key}: the same ground truth scored {a.Score} and {b.Score}");
            if (broken is not null && broken.Score > MaxBrokenScore)
                failures.Add($"gold set {set.Key}: the broken image scored {broken.Score}");
            if (broken is not null && new[] { a, b }.OfType<RatingRow>().Any(truth => truth.Score <= broken.Score))
                failures.Add($"gold set {set.Key}: the ground truth did not score above the broken image ({broken.Score})");
        }
        return failures;
    }
}
