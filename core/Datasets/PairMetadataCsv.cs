using System.Text;

namespace CrossModal.Core.Datasets;

/// <summary>
/// <c>pairs.csv</c>: per-pair metadata. A header row; a <c>name</c> column (the pair name) is required;
/// every other column (e.g. split, instrument, midi_pitch, pose_bow) is kept as text, keyed by column name.
/// RFC 4180 quoting: fields containing a comma, quote or line break are quoted, quotes doubled.
/// </summary>
public sealed class PairMetadataCsv
{
    public const string NameColumn = "name";

    public IReadOnlyList<string> Columns { get; }
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Rows { get; }

    PairMetadataCsv(IReadOnlyList<string> columns, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> rows)
    {
        Columns = columns;
        Rows = rows;
    }

    /// <summary>Metadata of one pair (without the name column), or an empty dictionary.</summary>
    public IReadOnlyDictionary<string, string> For(string name) =>
        Rows.TryGetValue(name, out var row) ? row : PairedSample.NoMetadata;

    public static PairMetadataCsv ReadFile(string path)
    {
        string text;
        try { text = File.ReadAllText(path, Encoding.UTF8); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new InvalidInputException($"'{path}': cannot be read ({e.Message}).", e); }
        try { return Parse(text); }
        catch (InvalidInputException e) { throw new InvalidInputException($"'{Path.GetFileName(path)}': {e.Message}", e); }
    }

    public static PairMetadataCsv Parse(string text)
    {
        var records = ParseRecords(text);
        if (records.Count == 0) throw new InvalidInputException("empty CSV: no header row.");
        var header = records[0].Select(h => h.Trim()).ToArray();
        int nameAt = Array.IndexOf(header, NameColumn);
        if (nameAt < 0) throw new InvalidInputException($"CSV header has no '{NameColumn}' column.");
        var duplicate = header.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidInputException($"CSV header repeats column '{duplicate.Key}'.");

        var rows = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        for (int r = 1; r < records.Count; r++)
        {
            var fields = records[r];
            if (fields.Count == 1 && fields[0].Length == 0) continue; // blank line
            if (fields.Count != header.Length)
                throw new InvalidInputException($"CSV row {r + 1} has {fields.Count} fields; the header has {header.Length}.");
            var name = fields[nameAt];
            if (!rows.TryAdd(name, Enumerable.Range(0, header.Length).Where(i => i != nameAt)
                    .ToDictionary(i => header[i], i => fields[i], StringComparer.Ordinal)))
                throw new InvalidInputException($"CSV row {r + 1} repeats pair name '{name}'.");
        }
        return new PairMetadataCsv(header, rows);
    }

    /// <summary>Writes a pairs.csv atomically; <paramref name="columns"/> must start with "name".</summary>
    public static void WriteFile(string path, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        if (columns.Count == 0 || columns[0] != NameColumn)
            throw new ArgumentException($"the first column must be '{NameColumn}'.", nameof(columns));
        var sb = new StringBuilder();
        AppendRecord(sb, columns);
        foreach (var row in rows)
        {
            if (row.Count != columns.Count) throw new ArgumentException($"a row has {row.Count} fields for {columns.Count} columns.", nameof(rows));
            AppendRecord(sb, row);
        }
        AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(sb.ToString()));
    }

    static void AppendRecord(StringBuilder sb, IReadOnlyList<string> fields)
    {
        for (int i = 0; i < fields.Count; i++)
        {
            if (i > 0) sb.Append(',');
            var f = fields[i];
            if (f.AsSpan().IndexOfAny(",\"\r\n") >= 0) sb.Append('"').Append(f.Replace("\"", "\"\"")).Append('"');
            else sb.Append(f);
        }
        sb.Append('\n');
    }

    static List<List<string>> ParseRecords(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, fieldStarted = false;
        int i = 0;
        if (text.StartsWith('\uFEFF')) i = 1; // byte order mark
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else quoted = false;
                }
                else field.Append(c);
            }
            else if (c == '"' && field.Length == 0) { quoted = true; fieldStarted = true; }
            else if (c == ',') { record.Add(field.ToString()); field.Clear(); fieldStarted = true; }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                fieldStarted = false;
            }
            else { field.Append(c); fieldStarted = true; }
        }
        if (quoted) throw new InvalidInputException("CSV ends inside a quoted field.");
        if (fieldStarted || field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }
        return records;
    }
}
