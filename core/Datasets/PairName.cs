using System.Globalization;
using System.Text.RegularExpressions;

namespace CrossModal.Core.Datasets;

/// <summary>
/// A pair's name, <c>&lt;instrument&gt;&lt;NN&gt;_&lt;ms&gt;</c>: instrument, two-or-more-digit video (piece) number,
/// start of the chunk in milliseconds within that video. E.g. <c>cello01_1400</c>, <c>double_bass00_6000</c>.
/// Instrument names may contain underscores, so the instrument is best taken from the folder a file sits in.
/// </summary>
public readonly partial record struct PairName(string Instrument, int Video, int StartMs)
{
    /// <summary>Instrument + video number, e.g. "cello01": identifies the source video.</summary>
    public string VideoId => $"{Instrument}{Video:D2}";

    public override string ToString() => $"{VideoId}_{StartMs}";

    /// <summary>
    /// Parses a name. With <paramref name="instrument"/> given (the folder's), the name must start with it;
    /// without, the instrument is the letters and underscores before the trailing digits.
    /// </summary>
    public static bool TryParse(string name, string? instrument, out PairName result)
    {
        result = default;
        string rest;
        if (instrument is not null)
        {
            if (!name.StartsWith(instrument, StringComparison.OrdinalIgnoreCase)) return false;
            rest = name[instrument.Length..];
        }
        else
        {
            var m = NamePattern().Match(name);
            if (!m.Success) return false;
            instrument = m.Groups["instrument"].Value;
            rest = name[instrument.Length..];
        }
        var tail = TailPattern().Match(rest);
        if (!tail.Success
            || !int.TryParse(tail.Groups["video"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int video)
            || !int.TryParse(tail.Groups["ms"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int ms))
            return false;
        result = new PairName(instrument, video, ms);
        return true;
    }

    [GeneratedRegex(@"^(?<instrument>[A-Za-z_]+?)\d{2,}_\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^(?<video>\d{2,})_(?<ms>\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex TailPattern();
}
