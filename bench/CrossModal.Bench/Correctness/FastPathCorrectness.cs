using System.Diagnostics;
using CrossModal.Bench.Harness;
using CrossModal.Bench.Training;
using CrossModal.Core;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Training;
using static TorchSharp.torch;

namespace CrossModal.Bench.Correctness;

/// <summary>
/// The fast path's correctness run (issue 16): (1) the S2I layers as the product computes them (<see cref="KernelCheck"/>
/// with <c>--layers product</c>) checked call by call against the reference kernels in a fresh process; (2) fresh short
/// S2I-C training runs through the product's trainer under the default policy — each starts with the trainer's self-check
/// and here every D update is cross-checked on the reference kernels (<see cref="KernelCrossCheck.Interval"/> = 1) — counting
/// self-checks that refused oneDNN, cross-check faults, retried (non-finite) updates and diverged runs. All must be 0.
/// </summary>
public static class FastPathCorrectness
{
    public static int Run(BenchArgs args)
    {
        int iterations = args.Int("--iterations", args.Quick ? 3 : 310), runs = args.Int("--runs", args.Quick ? 3 : 100);
        int steps = args.Int("--steps", 3), batch = args.Int("--batch", 64);

        var kernels = KernelCheckProcess.Run(["--layers", "product", "--iterations", iterations.ToString(), "--threads", args.Threads.ToString()]);
        Log.Info($"kernel calls: {kernels.GetProperty("wrong").GetInt64()} wrong of {kernels.GetProperty("calls").GetInt64()}");

        TorchRuntime.UsePolicy(OneDnnPolicy.Auto);
        KernelCrossCheck.Interval = 1;
        var (checksBefore, faultsBefore, retriedBefore) = (KernelCrossCheck.Checks, KernelCrossCheck.Faults, GuardedUpdate.RetriedUpdates);
        int refused = 0, diverged = 0;
        var clock = Stopwatch.StartNew();
        for (var run = 1; run <= runs; run++)
        {
            using var scope = NewDisposeScope();
            manual_seed(run);
            var config = new GanConfig();
            using var g = new S2IGenerator(config);
            using var d = new S2IDiscriminator(config, 13);
            var n = batch * steps;
            using var data = RandomGanData.Create(config, n);
            try
            {
                new GanTrainer(g, d, new GanTrainingOptions { Epochs = 1, BatchSize = batch, Seed = run, AuxiliaryClassWeight = 1 }).Train(data);
            }
            catch (TrainingDivergedException) { diverged++; }
            if (FastKernels.LastDecision?.Contains("oneDNN off") == true)
            {
                refused++;
                Log.Info($"run {run}: {FastKernels.LastDecision}");
            }
            // A self-check that keeps refusing means the fast path is not engaged: the rest would only time the reference path.
            if (refused == run && run >= 5) { runs = run; Log.Info($"the self-check refused oneDNN in all of the first {run} runs: stopping"); break; }
            if (run % 10 == 0) Log.Info($"{run} runs: {KernelCrossCheck.Faults - faultsBefore} faults, {refused} refused");
        }
        var checks = KernelCrossCheck.Checks - checksBefore;
        var faults = KernelCrossCheck.Faults - faultsBefore;
        var retried = GuardedUpdate.RetriedUpdates - retriedBefore;

        var md = new Markdown().Heading("Fast path correctness (issue 16): 0 wrong results expected");
        md.Table(["check", "count", "wrong or non-finite"],
        [
            [$"kernel calls: the S2I layers as the product computes them (G1, D6 as matrix products), f = 32, batch 64, vs the reference kernels (`kernel-check --layers product`, fresh process)",
                kernels.GetProperty("calls").GetInt64().ToString("N0"), kernels.GetProperty("wrong").GetInt64().ToString("N0")],
            [$"fresh S2I-C training runs ({steps} steps at batch {batch}, starter widths, new weights and data per run): self-checks that refused oneDNN", runs.ToString("N0"), refused.ToString("N0")],
            ["  D updates cross-checked against the reference kernels (every one): faults", checks.ToString("N0"), faults.ToString("N0")],
            ["  updates retried after a non-finite loss or gradient (GuardedUpdate)", (runs * steps * 2).ToString("N0"), retried.ToString("N0")],
            ["  runs that diverged", runs.ToString("N0"), diverged.ToString("N0")],
        ]);
        if (refused > 0) md.Line($"The self-check refused oneDNN in {refused} of {runs} runs; the last reason: {FastKernels.LastDecision}").Line();
        md.Line($"The training runs took {clock.Elapsed.TotalMinutes:F1} min ({clock.Elapsed.TotalSeconds / runs:F1} s per run, self-check and every cross-check included).");
        md.Emit(args);
        var wrong = kernels.GetProperty("wrong").GetInt64() + refused + faults + retried + diverged;
        return wrong == 0 ? 0 : 1;
    }
}
