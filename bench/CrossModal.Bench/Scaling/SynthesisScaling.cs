using System.Diagnostics;
using CrossModal.Bench.Harness;

namespace CrossModal.Bench.Scaling;

/// <summary>
/// How dataset synthesis cost grows with size: `crossmodal dataset synth` (the CLI, as a user runs it) for a few
/// small sizes (pairs per instrument over 2 instruments), one process per size, seconds and pairs/s.
/// </summary>
public static class SynthesisScaling
{
    public static int Run(BenchArgs args)
    {
        var cli = Path.GetFullPath(args.String("--cli") ?? "cli/bin/Release/net10.0/linux-x64/crossmodal.dll");
        int[] sizes = args.Quick ? [4] : [5, 10, 20, 40];
        const string instruments = "cello,flute";
        var rows = new List<(int PerClass, double Seconds)>();
        foreach (var perClass in sizes)
        {
            var dir = Directory.CreateTempSubdirectory("cm-bench-synth-");
            try
            {
                var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (var a in new[] { cli, "dataset", "synth", "--out", Path.Combine(dir.FullName, "ds"), "--per-class", perClass.ToString(),
                             "--instruments", instruments, "--jobs", args.Threads.ToString() })
                    psi.ArgumentList.Add(a);
                var clock = Stopwatch.StartNew();
                using var p = Process.Start(psi)!;
                var err = p.StandardError.ReadToEndAsync();
                p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                if (p.ExitCode != 0) throw new InvalidOperationException($"dataset synth failed ({p.ExitCode}): {err.Result}");
                rows.Add((perClass, clock.Elapsed.TotalSeconds));
                Log.Info($"synth {perClass} per class: {rows[^1].Seconds:F1} s");
            }
            finally
            {
                dir.Delete(recursive: true);
            }
        }
        var md = new Markdown().Heading("Dataset synthesis against size (`crossmodal dataset synth`)");
        md.Line($"Instruments {instruments}, --jobs {args.Threads}; wall time of the whole command (process start, FluidSynth rendering, drawing, JPEG/WAV writing). " +
                "Ratio = seconds per pair against the smallest size.").Line();
        var first = rows[0].Seconds / (2 * rows[0].PerClass);
        md.Table(["pairs per instrument", "pairs", "seconds", "pairs/s", "s per pair vs smallest"],
            rows.Select(r => (IReadOnlyList<string>)[r.PerClass.ToString(), (2 * r.PerClass).ToString(), Markdown.F(r.Seconds), Markdown.F(2 * r.PerClass / r.Seconds, 2),
                Markdown.Ratio(r.Seconds / (2 * r.PerClass) / first)]));
        md.Emit(args);
        return 0;
    }
}
