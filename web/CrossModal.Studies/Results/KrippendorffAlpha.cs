namespace CrossModal.Studies.Results;

/// <summary>
/// Krippendorff's alpha with the ordinal metric, by the coincidence-matrix method of Krippendorff (2011),
/// "Computing Krippendorff's Alpha-Reliability". Units rated by fewer than two raters are not pairable and are
/// left out. alpha = 1 - D_o / D_e; null when no unit is pairable or every pairable value is the same (D_e = 0).
/// </summary>
public static class KrippendorffAlpha
{
    /// <param name="units">Per unit (image), the values given by the raters who rated it (any integers; their order is the scale).</param>
    public static double? Ordinal(IEnumerable<IReadOnlyList<int>> units)
    {
        var pairable = units.Where(u => u.Count >= 2).ToList();
        if (pairable.Count == 0) return null;
        var values = pairable.SelectMany(u => u).Distinct().Order().ToArray();
        if (values.Length < 2) return null;
        var index = values.Select((v, i) => (v, i)).ToDictionary(t => t.v, t => t.i);
        int k = values.Length;

        // Coincidence matrix: each ordered pair of values within a unit adds 1/(m_u - 1).
        var o = new double[k, k];
        foreach (var unit in pairable)
        {
            int m = unit.Count;
            for (int a = 0; a < m; a++)
                for (int b = 0; b < m; b++)
                    if (a != b) o[index[unit[a]], index[unit[b]]] += 1.0 / (m - 1);
        }
        var nc = new double[k];
        for (int c = 0; c < k; c++)
            for (int d = 0; d < k; d++) nc[c] += o[c, d];
        double n = nc.Sum();

        double observed = 0, expected = 0;
        for (int c = 0; c < k; c++)
            for (int d = 0; d < k; d++)
            {
                double delta = OrdinalDelta(nc, c, d);
                observed += o[c, d] * delta;
                expected += nc[c] * nc[d] * delta;
            }
        observed /= n;
        expected /= n * (n - 1);
        return expected == 0 ? null : 1 - observed / expected;
    }

    /// <summary>Ordinal metric: (sum of n_g from c to d, minus half of n_c and n_d) squared.</summary>
    static double OrdinalDelta(double[] nc, int c, int d)
    {
        if (c == d) return 0;
        int lo = Math.Min(c, d), hi = Math.Max(c, d);
        double sum = 0;
        for (int g = lo; g <= hi; g++) sum += nc[g];
        sum -= (nc[lo] + nc[hi]) / 2;
        return sum * sum;
    }
}
