using CrossModal.Bench.Harness;
using CrossModal.Core.Models;

namespace CrossModal.Bench.Training;

/// <summary>
/// How the S2I training step's cost grows with batch size (8/16/32/64 at starter widths) and with model width
/// (base filters 16/32/64 = 0.5x/1x/2x at batch 64). Configurations are visited round-robin (one timed epoch each
/// per round) so that a burst of load on the shared machine does not land on one row only.
/// </summary>
public static class TrainingScaling
{
    public static int Run(BenchArgs args)
    {
        int rounds = args.Int("--rounds", 1), steps = args.Int("--steps", args.Quick ? 2 : 3);
        var baseConfig = new GanConfig();
        var rows = (args.Quick ? new[] { (8, 1.0), (16, 0.5) } : new[] { (8, 1.0), (16, 1.0), (32, 1.0), (64, 1.0), (64, 0.5), (64, 2.0) })
            .Select(x => (Batch: x.Item1, Width: x.Item2, Config: baseConfig with
            {
                GeneratorFilters = (int)(baseConfig.GeneratorFilters * x.Item2), DiscriminatorFilters = (int)(baseConfig.DiscriminatorFilters * x.Item2),
            }))
            .ToList();
        var timers = rows.Select(r => new GanStepTimer(r.Config, r.Batch, steps + 1)).ToList();
        foreach (var t in timers) t.Run(skip: 1);
        var times = rows.Select(_ => new List<double>()).ToList();
        var peak = new List<double> { MatmulPeak.GflopsPerSecond() };
        for (var round = 1; round <= rounds; round++)
            for (var i = 0; i < rows.Count; i++)
            {
                times[i].Add(Stats.Median(timers[i].Run(skip: 1)));
                Log.Info($"scaling: batch {rows[i].Batch}, width {rows[i].Width}x: {times[i][^1]:F3} s/step");
            }
        peak.Add(MatmulPeak.GflopsPerSecond());
        foreach (var t in timers) t.Dispose();
        var peakG = Stats.Median(peak);

        var md = new Markdown().Heading("How the training step's cost grows (S2I-C GAN-CLS)");
        md.Line($"Median step over {rounds} round(s) of {steps} steps per configuration, {args.Threads} threads; libtorch matmul roof {Markdown.F(peakG)} GFLOP/s (same run). " +
                "Ratio = step time against the batch-64, 1x row.").Line();
        var reference = times[rows.FindIndex(r => r.Batch == 64 && r.Width == 1.0) is var k && k >= 0 ? k : 0];
        md.Table(["batch", "width (base filters)", "step (s)", "samples/s", "GFLOP/step", "GFLOP/s", "fraction of matmul", "ratio"],
            rows.Select((r, i) =>
            {
                var s = Stats.Median(times[i]);
                var flops = GanStepFlops.Step(r.Config, r.Batch);
                return (IReadOnlyList<string>)[r.Batch.ToString(), $"{r.Width}x (f = {r.Config.GeneratorFilters})", Markdown.F(s, 3), Markdown.F(r.Batch / s),
                    Markdown.F(flops / 1e9, 1), Markdown.F(flops / s / 1e9), Markdown.F(flops / s / 1e9 / peakG, 2), Markdown.Ratio(s / Stats.Median(reference))];
            }));
        md.Emit(args);
        return 0;
    }
}
