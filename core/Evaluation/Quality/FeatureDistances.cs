namespace CrossModal.Core.Evaluation.Quality;

/// <summary>
/// Euclidean distances between feature rows (plain arrays: the sets here are at most a few thousand rows of a few
/// thousand values, so exact pairwise sums in double precision are cheap and need no tensor library).
/// </summary>
public static class FeatureDistances
{
    public static double Between(float[] a, float[] b)
    {
        if (a.Length != b.Length) throw new InvalidInputException($"feature rows have different lengths: {a.Length} and {b.Length}");
        double s = 0;
        for (var i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            s += d * d;
        }
        return Math.Sqrt(s);
    }

    /// <summary>Mean distance over all unordered pairs of rows; NaN for fewer than two rows.</summary>
    public static double MeanPairwise(IReadOnlyList<float[]> rows)
    {
        double sum = 0;
        long pairs = 0;
        for (var i = 0; i < rows.Count; i++)
            for (var j = i + 1; j < rows.Count; j++)
            {
                sum += Between(rows[i], rows[j]);
                pairs++;
            }
        return pairs == 0 ? double.NaN : sum / pairs;
    }

    /// <summary>
    /// <see cref="MeanPairwise"/> of each consecutive group of <paramref name="groupSize"/> rows (e.g. the samples of one
    /// sound), in order.
    /// </summary>
    public static double[] GroupSpreads(float[][] rows, int groupSize)
    {
        if (groupSize < 1 || rows.Length % groupSize != 0)
            throw new InvalidInputException($"{rows.Length} rows do not split into groups of {groupSize}");
        return Enumerable.Range(0, rows.Length / groupSize).Select(g => MeanPairwise(rows.AsSpan(g * groupSize, groupSize).ToArray())).ToArray();
    }

    /// <summary>
    /// Mean distance over the unordered pairs of rows whose groups differ (e.g. real images from different pieces);
    /// NaN when no such pair exists.
    /// </summary>
    public static double MeanPairwiseAcrossGroups(IReadOnlyList<float[]> rows, IReadOnlyList<int> groups)
    {
        if (rows.Count != groups.Count) throw new InvalidInputException($"{rows.Count} rows but {groups.Count} group ids");
        double sum = 0;
        long pairs = 0;
        for (var i = 0; i < rows.Count; i++)
            for (var j = i + 1; j < rows.Count; j++)
            {
                if (groups[i] == groups[j]) continue;
                sum += Between(rows[i], rows[j]);
                pairs++;
            }
        return pairs == 0 ? double.NaN : sum / pairs;
    }

    /// <summary>
    /// Each row's distance to its k-th nearest other row of the same set (the row itself excluded); with
    /// <paramref name="groups"/>, to its k-th nearest row of another group (e.g. a real frame's k-th nearest frame of
    /// another piece, since frames of one piece are near-copies of each other).
    /// </summary>
    public static double[] KthNeighbourDistances(IReadOnlyList<float[]> rows, int k, IReadOnlyList<int>? groups = null)
    {
        if (k < 1) throw new InvalidInputException($"k must be at least 1, got {k}");
        if (groups is not null && groups.Count != rows.Count) throw new InvalidInputException($"{rows.Count} rows but {groups.Count} group ids");
        if (rows.Count <= k) throw new InvalidInputException($"the k = {k} nearest neighbours need more than {k} rows, got {rows.Count}");
        var result = new double[rows.Count];
        var distances = new double[rows.Count - 1];
        for (var i = 0; i < rows.Count; i++)
        {
            var n = 0;
            for (var j = 0; j < rows.Count; j++)
                if (j != i && (groups is null || groups[j] != groups[i])) distances[n++] = Between(rows[i], rows[j]);
            if (n < k) throw new InvalidInputException($"the k = {k} nearest neighbours of another group need at least {k} rows outside row {i}'s group, got {n}");
            Array.Sort(distances, 0, n);
            result[i] = distances[k - 1];
        }
        return result;
    }
}
