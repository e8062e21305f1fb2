using System.Globalization;
using CrossModal.Core.Evaluation;

namespace CrossModal.DatasetTools.Reporting;

/// <summary>How the report writes numbers: invariant culture, "–" for what was not measured.</summary>
internal static class ReportFormat
{
    public static string Pct(double v) => double.IsNaN(v) ? "–" : (v * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";
    public static string Pct(double? v) => v is double d ? Pct(d) : "–";
    public static string PctP(double percent) => percent.ToString("0.00", CultureInfo.InvariantCulture) + "%";
    public static string Num(double? v) => v is double d && double.IsFinite(d) ? d.ToString("0.###", CultureInfo.InvariantCulture) : "–";
    /// <summary>One instrument's accuracy in a result, or null when the result (or the instrument in it) is missing.</summary>
    public static double? AccuracyOf(EvaluationResult? r, string instrument) => r?.PerInstrument.FirstOrDefault(p => p.Instrument == instrument)?.Accuracy;
    public static string Slug(string name) => new(name.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray());
}
