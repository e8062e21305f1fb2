using System.Globalization;
using Xunit.Abstractions;

namespace CrossModal.Reliability.Tests.Probes;

/// <summary>
/// What a corpus test tried and how each entry point answered: inputs per entry point and the slowest refusal. The
/// summary goes to the test output (docs/RELIABILITY.md quotes it); every failure message names entry point and input.
/// </summary>
public sealed class RefusalLog(ITestOutputHelper output)
{
    readonly List<(string Entry, string Input, string Answer, double Ms)> _rows = [];

    public int Count => _rows.Count;
    public double MaxMs => _rows.Count == 0 ? 0 : _rows.Max(r => r.Ms);

    public void Add(string entry, string input, string answer, TimeSpan elapsed)
    {
        lock (_rows) _rows.Add((entry, input, answer, elapsed.TotalMilliseconds));
    }

    /// <summary>Writes one line per entry point and a total; returns the total line.</summary>
    public string Report(string title, params string[] extra)
    {
        foreach (var g in _rows.GroupBy(r => r.Entry))
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{title} | {g.Key} | {g.Count()} inputs | slowest {g.Max(r => r.Ms):0} ms ({g.MaxBy(r => r.Ms).Input})"));
        foreach (var r in _rows) output.WriteLine($"  {r.Entry} <- {r.Input}: {r.Answer}");
        var total = string.Create(CultureInfo.InvariantCulture,
            $"{title}: {_rows.Count} answers over {_rows.Select(r => r.Entry).Distinct().Count()} entry points, slowest {MaxMs:0} ms; {string.Join("; ", extra)}");
        output.WriteLine(total);
        return total;
    }
}
