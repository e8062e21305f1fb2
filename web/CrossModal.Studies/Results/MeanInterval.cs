namespace CrossModal.Studies.Results;

/// <summary>A mean with its two-sided 95 % confidence interval (Student's t on the individual scores).</summary>
public sealed record MeanInterval(int N, double Mean, double Low, double High)
{
    public double HalfWidth => (High - Low) / 2;

    /// <summary>Null for no scores; with one score the interval is undefined and given as the mean itself.</summary>
    public static MeanInterval? Of(IReadOnlyCollection<int> scores)
    {
        int n = scores.Count;
        if (n == 0) return null;
        double mean = scores.Average();
        if (n == 1) return new MeanInterval(1, mean, mean, mean);
        double variance = scores.Sum(s => (s - mean) * (s - mean)) / (n - 1);
        double half = StudentT975(n - 1) * Math.Sqrt(variance / n);
        return new MeanInterval(n, mean, mean - half, mean + half);
    }

    /// <summary>
    /// The 0.975 quantile of Student's t with <paramref name="df"/> degrees of freedom: exact table values to 30,
    /// then the Cornish-Fisher expansion around the normal quantile (error below 1e-4 there).
    /// </summary>
    public static double StudentT975(int df)
    {
        ReadOnlySpan<double> table =
        [
            12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
            2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
            2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
        ];
        if (df < 1) throw new ArgumentOutOfRangeException(nameof(df), df, "degrees of freedom must be at least 1");
        if (df <= table.Length) return table[df - 1];
        const double z = 1.959963984540054;
        double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z, v = df;
        return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
            + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v);
    }
}
