using System.Globalization;
using System.Text;

namespace CrossModal.Bench.Harness;

/// <summary>A Markdown fragment a harness prints and, with <c>--out FILE</c>, writes for scripts/bench.sh to assemble.</summary>
public sealed class Markdown
{
    readonly StringBuilder text = new();

    public Markdown Heading(string title) => Line($"## {title}").Line();

    public Markdown Line(string line = "")
    {
        text.AppendLine(line);
        return this;
    }

    public Markdown Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        Line("| " + string.Join(" | ", header) + " |");
        Line("|" + string.Concat(header.Select(_ => "---|")));
        foreach (var r in rows) Line("| " + string.Join(" | ", r) + " |");
        return Line();
    }

    public void Emit(BenchArgs args)
    {
        Console.WriteLine(text);
        if (args.String("--out") is { } path) File.WriteAllText(path, text.ToString());
    }

    public static string F(double v, int digits = 1) => v.ToString("N" + digits, CultureInfo.InvariantCulture);
    public static string Ratio(double v) => v.ToString("0.00", CultureInfo.InvariantCulture) + "x";
    public static string Pct(double v) => v.ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture);
}
