using System.Globalization;
using System.Text;

namespace CrossModal.Studies.Results;

/// <summary>Every rating of a study as CSV (RFC 4180), one row per rating, with the gold-check verdict of its rater.</summary>
public static class RatingsCsv
{
    public const string Header = "rater_id,rater_label,rater_excluded,rater_failed_gold,set_id,set_kind,instrument,sample,image_id,method,gold_role,score,rated_utc,set_seconds";

    public static async Task WriteAsync(TextWriter w, IReadOnlyList<RatingRow> rows, IReadOnlySet<int> failedGold)
    {
        await w.WriteAsync(Header + "\r\n");
        var sb = new StringBuilder();
        foreach (var r in rows)
        {
            sb.Clear();
            sb.Append(r.RaterId).Append(',').Append(Field(r.RaterLabel)).Append(',')
              .Append(r.RaterExcluded ? "true" : "false").Append(',')
              .Append(failedGold.Contains(r.RaterId) ? "true" : "false").Append(',')
              .Append(r.SetId).Append(',').Append(r.SetKind.ToString().ToLowerInvariant()).Append(',')
              .Append(Field(r.Instrument)).Append(',').Append(Field(r.SampleName)).Append(',')
              .Append(r.ImagePublicId.ToString("N")).Append(',').Append(Field(r.Method)).Append(',')
              .Append(r.GoldRole == Data.GoldRole.None ? "" : r.GoldRole.ToString()).Append(',')
              .Append(r.Score).Append(',')
              .Append(r.RatedUtc.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)).Append(',')
              .Append(r.SetSeconds is { } seconds ? seconds.ToString("0.0", CultureInfo.InvariantCulture) : "").Append("\r\n");
            await w.WriteAsync(sb.ToString());
        }
    }

    /// <summary>Quotes when needed; a leading = + - @ is prefixed with ' so spreadsheets do not run a label as a formula.</summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
