namespace CrossModal.Bench.Harness;

/// <summary>The harness's command-line options: <c>--name value</c> pairs and bare <c>--flag</c>s.</summary>
public sealed class BenchArgs(string[] args)
{
    public int Int(string name, int fallback) =>
        Value(name) is { } v ? int.TryParse(v, out var i) ? i : throw new ArgumentException($"{name} takes an integer, got '{v}'") : fallback;

    public string? String(string name) => Value(name);

    public string Require(string name) => Value(name) ?? throw new ArgumentException($"{name} is required");

    public bool Flag(string name) => Array.IndexOf(args, name) >= 0;

    /// <summary>Quick mode (<c>--quick</c>): every harness runs its smallest configuration (a smoke run, not a measurement).</summary>
    public bool Quick => Flag("--quick");

    public int Threads => Int("--threads", 2);

    string? Value(string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
