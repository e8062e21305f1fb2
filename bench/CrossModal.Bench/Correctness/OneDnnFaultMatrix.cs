using System.Text.Json;
using CrossModal.Bench.Harness;
using CrossModal.Core.Runtime;

namespace CrossModal.Bench.Correctness;

/// <summary>
/// The root-cause table of issue 16: <see cref="KernelCheck"/> in fresh processes, one thing varied per row against the
/// baseline (TorchSharp, 2 threads, the product's allocator settings, tensors disposed by scopes, oneDNN's default ISA,
/// denormals kept), and the same checks on Debian's python3-torch with its own oneDNN. Each process runs its own
/// configuration from the start, because the ISA and allocator settings are fixed at a process's first kernel.
/// </summary>
public static class OneDnnFaultMatrix
{
    sealed record Row(string Varied, string[] Arguments, string? Isa = null, bool Peer = false);

    public static int Run(BenchArgs args)
    {
        var iterations = args.Int("--iterations", args.Quick ? 2 : 30);
        var probeIterations = args.Int("--probe-iterations", args.Quick ? 1 : 5);
        var peerScript = args.String("--peer") ?? "bench/peer/onednn_check.py";
        Row[] rows =
        [
            new("baseline", []),
            new("1 thread", ["--threads", "1"]),
            new("2 other .NET threads calling torch", ["--other-threads", "2"]),
            new("no mallopt settings", ["--no-mallopt"]),
            new("tensors kept alive 8 more iterations", ["--keep-iterations", "8"]),
            new("denormals flushed", ["--flush-denormal"]),
            new("oneDNN ISA AVX2", [], "AVX2"),
            new("oneDNN ISA SSE4.1", [], "SSE41"),
            new("Debian python3-torch (its oneDNN)", [], Peer: true),
            new("Debian python3-torch, ISA AVX2", [], "AVX2", Peer: true),
        ];

        var md = new Markdown().Heading("oneDNN fault reproduction (issue 16): checked convolution calls, one thing varied per row");
        md.Line($"Each row is a fresh process running the S2I networks' 11 convolution / transposed-convolution layers (starter widths f = 32, batch 64) " +
                $"forward and backward {iterations} times with oneDNN and with oneDNN off on the same random inputs (3 checked results per layer: output, " +
                $"input gradient, weight gradient); wrong = not finite or off by more than {KernelCheck.Tolerance:G} of the reference's largest magnitude " +
                "(summation order alone gives ~1e-6). `bench/CrossModal.Bench/Correctness/KernelCheck.cs`, peer `bench/peer/onednn_check.py`.").Line();
        var table = new List<string[]>();
        long totalCalls = 0;
        foreach (var row in rows)
        {
            var result = row.Peer
                ? RunPeer(peerScript, row, "s2i", iterations, args.Threads)
                : RunChild(row, "s2i", iterations, args.Threads);
            totalCalls += result.GetProperty("calls").GetInt64();
            table.Add(Cells(row, result));
            Log.Info($"{row.Varied}: {result.GetProperty("wrong").GetInt64()} wrong of {result.GetProperty("calls").GetInt64()}");
        }
        md.Table(["varied (against the baseline)", "checked calls", "wrong", "non-finite", "worst relative error", "wrong results"], table);

        md.Line().Line($"Which property of a shape selects the faulty kernel: neighbours of the two failing layers, one dimension changed at a time ({probeIterations} iterations each).").Line();
        var probe = new List<string[]>();
        foreach (var row in new[] { rows[0], rows[6], rows[8] })
        {
            var result = row.Peer
                ? RunPeer(peerScript, row, "probe", probeIterations, args.Threads)
                : RunChild(row, "probe", probeIterations, args.Threads);
            totalCalls += result.GetProperty("calls").GetInt64();
            probe.Add(Cells(row, result));
        }
        md.Table(["process", "checked calls", "wrong", "non-finite", "worst relative error", "wrong results"], probe);
        md.Line().Line($"Checked kernel calls in this run: {totalCalls:N0}.");
        md.Emit(args);
        return 0;
    }

    static string[] Cells(Row row, JsonElement result)
    {
        var worst = result.GetProperty("worstRelative").GetDouble();
        var wrongResults = result.GetProperty("byResult").EnumerateObject().Select(p => $"{p.Name} ({p.Value.GetInt32()})").ToList();
        return
        [
            row.Varied,
            result.GetProperty("calls").GetInt64().ToString("N0"),
            result.GetProperty("wrong").GetInt64().ToString("N0"),
            result.GetProperty("nonFinite").GetInt64().ToString("N0"),
            worst < 0 ? "∞ (NaN/inf)" : worst.ToString("G2"),
            wrongResults.Count == 0 ? "none" : string.Join("; ", wrongResults),
        ];
    }

    static JsonElement RunChild(Row row, string layers, int iterations, int threads)
    {
        var arguments = new List<string> { "--iterations", iterations.ToString(), "--layers", layers };
        if (!row.Arguments.Contains("--threads")) arguments.AddRange(["--threads", threads.ToString()]);
        return KernelCheckProcess.Run(arguments.Concat(row.Arguments), row.Isa);
    }

    static JsonElement RunPeer(string script, Row row, string layers, int iterations, int threads)
    {
        if (row.Isa is not null) Environment.SetEnvironmentVariable(LibTorchContext.OneDnnIsaVariable, row.Isa);
        try
        {
            return PeerProcess.Run(script, "--iterations", iterations.ToString(), "--layers", layers, "--threads", threads.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable(LibTorchContext.OneDnnIsaVariable, null);
        }
    }
}
