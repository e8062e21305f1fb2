using System.Globalization;
using System.Text.RegularExpressions;
using CrossModal.Core;
using CrossModal.Core.Datasets;
using CrossModal.Domain;

namespace CrossModal.DatasetTools.Video;

/// <summary>
/// Finds the performance videos in a folder and names them. The instrument comes from an
/// <c>&lt;instrument&gt;/</c> sub-folder, or else from the start of the file name (<c>cello01.mp4</c>,
/// <c>double-bass_3.mkv</c>, <c>Violin 12 Bach.mov</c>). The piece number NN is the number after the instrument in
/// the name (in a folder: the last number in the name); videos without one get the lowest free numbers from 1, in
/// name order. Anything unusable is reported, never silently ignored.
/// </summary>
public static partial class VideoDiscovery
{
    public static IReadOnlyList<string> VideoExtensions { get; } =
        [".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".mpg", ".mpeg", ".ts", ".flv", ".wmv", ".ogv"];

    const int MaxPiece = 999;

    public static List<VideoSource> Discover(string videosDir, DatasetReport report)
    {
        if (!Directory.Exists(videosDir)) throw new InvalidInputException($"'{videosDir}': videos folder not found.");
        var named = new List<(string Path, string Instrument, int? Piece)>();
        foreach (var file in Directory.EnumerateFiles(videosDir).Order(StringComparer.Ordinal))
            Consider(file, folderInstrument: null, named, report);
        foreach (var sub in Directory.EnumerateDirectories(videosDir).Order(StringComparer.Ordinal))
        {
            var folder = System.IO.Path.GetFileName(sub)!;
            int index = Instruments.IndexOf(folder);
            if (index < 0)
            {
                report.Note($"folder '{folder}' is not named after an instrument; its files were skipped.");
                foreach (var f in Directory.EnumerateFiles(sub, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                    report.Skip(f, SkipReason.UnknownLabel, $"in folder '{folder}', which is not one of the {Instruments.Count} instruments");
                continue;
            }
            foreach (var file in Directory.EnumerateFiles(sub).Order(StringComparer.Ordinal))
                Consider(file, Instruments.All[index], named, report);
        }
        return AssignPieces(named, report);
    }

    static void Consider(string file, string? folderInstrument, List<(string, string, int?)> named, DatasetReport report)
    {
        if (!VideoExtensions.Contains(System.IO.Path.GetExtension(file).ToLowerInvariant()))
        {
            report.Skip(file, SkipReason.UnexpectedFile, "not a video file (by its extension)");
            return;
        }
        var stem = System.IO.Path.GetFileNameWithoutExtension(file);
        string? instrument = folderInstrument;
        string? digits;
        if (instrument is not null)
        {
            var numbers = AnyNumber().Matches(stem);
            digits = numbers.Count > 0 ? numbers[^1].Value : null;
        }
        else if (!TryInstrumentPrefix(stem, out instrument, out digits))
        {
            report.Skip(file, SkipReason.BadName,
                "cannot tell the instrument: name the file <instrument><NN> (e.g. cello01.mp4) or put it in an <instrument>/ folder");
            return;
        }
        int? piece = null;
        if (digits is not null)
        {
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int p) || p > MaxPiece)
            {
                report.Skip(file, SkipReason.BadName, $"piece number {digits} is above {MaxPiece}");
                return;
            }
            piece = p;
        }
        named.Add((file, instrument!, piece));
    }

    /// <summary>
    /// Longest instrument name first, so "double_bass" is never read as something shorter; "-", " " and nothing
    /// are accepted where the canonical name has "_". After the name: end, a separator or a digit.
    /// </summary>
    static bool TryInstrumentPrefix(string stem, out string? instrument, out string? digits)
    {
        var lower = stem.ToLowerInvariant();
        foreach (var name in Instruments.All.OrderByDescending(n => n.Length))
        {
            foreach (var spelling in new[] { name, name.Replace('_', '-'), name.Replace('_', ' '), name.Replace("_", "") }.Distinct())
            {
                if (!lower.StartsWith(spelling, StringComparison.Ordinal)) continue;
                var rest = lower[spelling.Length..];
                var m = PieceAfterInstrument().Match(rest);
                if (!m.Success) continue;
                instrument = name;
                digits = m.Groups["digits"].Success ? m.Groups["digits"].Value : null;
                return true;
            }
        }
        instrument = digits = null;
        return false;
    }

    static List<VideoSource> AssignPieces(List<(string Path, string Instrument, int? Piece)> named, DatasetReport report)
    {
        var sources = new List<VideoSource>();
        foreach (var group in named.GroupBy(n => n.Instrument).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var used = new HashSet<int>();
            foreach (var (path, instrument, piece) in group.Where(n => n.Piece is not null))
            {
                if (!used.Add(piece!.Value))
                {
                    var first = sources.First(s => s.Instrument == instrument && s.Piece == piece);
                    report.Skip(path, SkipReason.DuplicateName, $"{instrument}{piece:D2} is already {System.IO.Path.GetFileName(first.Path)}");
                    continue;
                }
                sources.Add(new VideoSource(path, instrument, piece.Value));
            }
            int next = 1;
            foreach (var (path, instrument, _) in group.Where(n => n.Piece is null))
            {
                while (used.Contains(next)) next++;
                if (next > MaxPiece) { report.Skip(path, SkipReason.BadName, $"more than {MaxPiece} videos of {instrument}"); continue; }
                used.Add(next);
                sources.Add(new VideoSource(path, instrument, next));
                report.Note($"'{System.IO.Path.GetFileName(path)}' has no piece number: named {instrument}{next:D2}.");
            }
        }
        return sources.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex AnyNumber();

    [GeneratedRegex(@"^(?:$|[\s_\-.]*(?<digits>\d+)|[\s_\-.]+\D)")]
    private static partial Regex PieceAfterInstrument();
}
