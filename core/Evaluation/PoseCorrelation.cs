namespace CrossModal.Core.Evaluation;

/// <summary>
/// Pearson's r between predicted and true pose parameters, one per parameter. The mean absolute error
/// (<see cref="Training.PoseError"/>) cannot tell a regressor that reads the pose from one that predicts each
/// instrument's mean pose; r can: predicting a constant gives no r at all, and r ≥ 0.5 means the reading follows the truth.
/// A parameter that does not vary (in either the prediction or the truth) has no r: null, never 0 or NaN.
/// </summary>
public static class PoseCorrelation
{
    /// <summary>Below this standard deviation a parameter counts as constant (pose values lie in [0, 1]).</summary>
    public const double ConstantBelow = 1e-6;

    public static double?[] PerParameter(IReadOnlyList<double[]> predicted, IReadOnlyList<double[]> truth)
    {
        if (predicted.Count != truth.Count) throw new InvalidInputException($"{predicted.Count} predicted poses but {truth.Count} true ones");
        if (predicted.Count < 2) throw new InvalidInputException($"a correlation needs at least 2 poses, got {predicted.Count}");
        var k = truth[0].Length;
        if (k == 0) throw new InvalidInputException("pose vectors are empty");
        for (var i = 0; i < predicted.Count; i++)
            if (predicted[i].Length != k || truth[i].Length != k)
                throw new InvalidInputException($"pose {i} has {predicted[i].Length} predicted / {truth[i].Length} true parameters, expected {k}");
        return Enumerable.Range(0, k).Select(j => Pearson(predicted.Select(p => p[j]).ToArray(), truth.Select(t => t[j]).ToArray())).ToArray();
    }

    /// <summary>
    /// <see cref="PerParameter"/> within each instrument of <paramref name="labels"/> (class indices), in class order: the
    /// parameters mean different things per instrument, so r is never pooled across them.
    /// </summary>
    public static IEnumerable<(string Instrument, double?[] R)> PerInstrument(IReadOnlyList<double[]> predicted, IReadOnlyList<double[]> truth, IReadOnlyList<int> labels)
    {
        if (labels.Count != truth.Count) throw new InvalidInputException($"{labels.Count} labels but {truth.Count} poses");
        foreach (var label in labels.Distinct().Order())
        {
            var rows = Enumerable.Range(0, labels.Count).Where(i => labels[i] == label).ToArray();
            if (rows.Length < 2) continue;
            yield return (Domain.Instruments.All[label], PerParameter(rows.Select(i => predicted[i]).ToArray(), rows.Select(i => truth[i]).ToArray()));
        }
    }

    /// <summary>
    /// <see cref="PerInstrument"/> as manifest metrics, <c>r_{instrument}_pose_{k}</c> (a parameter without an r has no
    /// entry): which parameters a pose reader reads at all, per instrument.
    /// </summary>
    public static Dictionary<string, double> PerInstrumentMetrics(IReadOnlyList<double[]> predicted, IReadOnlyList<double[]> truth, IReadOnlyList<int> labels)
    {
        var metrics = new Dictionary<string, double>();
        foreach (var (instrument, r) in PerInstrument(predicted, truth, labels))
            for (var k = 0; k < r.Length; k++)
                if (r[k] is double value) metrics[$"r_{instrument}_pose_{k}"] = value;
        return metrics;
    }

    /// <summary>An r as tables print it: two decimals, invariant culture; "–" where there is none.</summary>
    public static string Text(double? r) => r is double v ? v.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "–";

    /// <summary>Pearson's r of two equally long series; null when either is constant. NaN or infinite values are refused.</summary>
    public static double? Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count) throw new InvalidInputException($"{x.Count} values against {y.Count}");
        if (x.Count < 2) return null;
        if (x.Concat(y).Any(v => !double.IsFinite(v))) throw new InvalidInputException("pose values must be finite");
        double mx = x.Average(), my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
        }
        var n = x.Count;
        if (Math.Sqrt(sxx / n) < ConstantBelow || Math.Sqrt(syy / n) < ConstantBelow) return null;
        return Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1);
    }
}
