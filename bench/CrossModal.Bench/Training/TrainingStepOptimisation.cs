using CrossModal.Bench.Harness;
using CrossModal.Core.Models;

namespace CrossModal.Bench.Training;

/// <summary>
/// Part 2 of issue 7 for training: the stage profile of the S2I step (before and after), and the product's trainer
/// timed with the step as first written ("before": D's weight gradients also computed in G's backward) against the
/// shipped step ("after": D frozen for G's update), interleaved round by round at batch 64.
/// </summary>
public static class TrainingStepOptimisation
{
    public static int Run(BenchArgs args)
    {
        int batch = args.Int("--batch", 64), rounds = args.Int("--rounds", args.Quick ? 1 : 2), steps = args.Int("--steps", args.Quick ? 2 : 3);
        var config = new GanConfig();
        var profileBefore = new List<double[]>();
        var profileAfter = new List<double[]>();
        using var before = new GanStepTimer(config, batch, steps + 1) { Unoptimised = true };
        using var after = new GanStepTimer(config, batch, steps + 1);
        before.Run(skip: 1);
        after.Run(skip: 1);
        var b = new List<double>();
        var a = new List<double>();
        for (var r = 1; r <= rounds; r++)
        {
            b.Add(Stats.Median(before.Run(skip: 1)));
            a.Add(Stats.Median(after.Run(skip: 1)));
            profileBefore.Add(StepProfile.Measure(config, batch, 1, freezeDiscriminator: false));
            profileAfter.Add(StepProfile.Measure(config, batch, 1, freezeDiscriminator: true));
            Log.Info($"step optimisation round {r}: before {b[^1]:F3} s, after {a[^1]:F3} s");
        }
        double stepBefore = Stats.Median(b), stepAfter = Stats.Median(a);
        var flopsBefore = GanStepFlops.Step(config, batch);
        var flopsAfter = flopsBefore - GanStepFlops.DiscriminatorForward(config, batch); // D's weight gradients in G's backward

        var md = new Markdown().Heading($"Part 2 — training step: profile, change, before/after (batch {batch})");
        md.Line("Stage profile of one step (median ms per stage over rounds; the step replayed with a stopwatch per stage, same networks and losses as `GanTrainer`):").Line();
        var pb = Enumerable.Range(0, StepProfile.Stages.Length).Select(i => Stats.Median(profileBefore.Select(p => p[i]))).ToArray();
        var pa = Enumerable.Range(0, StepProfile.Stages.Length).Select(i => Stats.Median(profileAfter.Select(p => p[i]))).ToArray();
        md.Table(["stage", "before (ms)", "share", "after (ms)", "ratio"],
            StepProfile.Stages.Select((s, i) => (IReadOnlyList<string>)[s, Markdown.F(pb[i]), Markdown.F(pb[i] / pb.Sum() * 100, 0) + " %", Markdown.F(pa[i]), Markdown.Ratio(pa[i] / pb[i])])
                .Append(["**step**", Markdown.F(pb.Sum()), "100 %", Markdown.F(pa.Sum()), Markdown.Ratio(pa.Sum() / pb.Sum())]));
        md.Line("The product's trainer (`GanTrainer`), interleaved rounds, median step:").Line();
        md.Table(["", "step (s)", "samples/s", "GFLOP/step (analytic)", "ratio (samples/s)"],
        [
            ["before: D's weight gradients also computed in G's backward", Markdown.F(stepBefore, 3), Markdown.F(batch / stepBefore), Markdown.F(flopsBefore / 1e9), "1.00x"],
            ["after: D frozen during G's update (`FrozenParameters`)", Markdown.F(stepAfter, 3), Markdown.F(batch / stepAfter), Markdown.F(flopsAfter / 1e9), $"**{Markdown.Ratio(stepBefore / stepAfter)}**"],
        ]);
        md.Line($"Per-round seconds — before: {string.Join(", ", b.Select(v => v.ToString("F3")))}; after: {string.Join(", ", a.Select(v => v.ToString("F3")))}.").Line();
        md.Emit(args);
        return 0;
    }
}
