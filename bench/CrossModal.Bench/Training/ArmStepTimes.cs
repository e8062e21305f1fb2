using System.Diagnostics;
using CrossModal.Bench.Harness;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Training;
using static TorchSharp.torch;

namespace CrossModal.Bench.Training;

/// <summary>
/// Seconds per GAN step of the S2I ablation's network choices (transposed-convolution or upsampling G, GAN-CLS or
/// projection D) through the product's trainer at batch 64, starter widths, under the process's oneDNN policy, with
/// the kernel choice each run's self-check made; the median of each run's steps after its first.
/// </summary>
public static class ArmStepTimes
{
    public static int Run(BenchArgs args)
    {
        int batch = args.Int("--batch", 64), steps = args.Int("--steps", args.Quick ? 2 : 4);
        var rows = new List<string[]>();
        foreach (var (name, upsampling, projection) in new[] { ("transposed G, GAN-CLS D", false, false), ("upsampling G", true, false), ("projection D", false, true), ("upsampling G, projection D", true, true) })
        {
            using var scope = NewDisposeScope();
            manual_seed(1);
            var config = new GanConfig();
            using ConditionalGenerator g = upsampling ? new UpsamplingS2IGenerator(config) : new S2IGenerator(config);
            using ConditionalDiscriminator d = projection ? new ProjectionDiscriminator(config, 13) : new S2IDiscriminator(config, 13);
            var n = batch * (steps + 1);
            using var data = new GanTrainingData(randn(n, config.EmbeddingSize), rand(n, 3, 64, 64) * 2 - 1,
                Enumerable.Range(0, n).Select(i => i % 13).ToArray(), Enumerable.Range(0, n).Select(i => i % 52).ToArray());
            var times = new List<double>();
            var clock = Stopwatch.StartNew();
            var progress = new StepClock(times, clock);
            var total = Stopwatch.StartNew();
            new GanTrainer(g, d, new GanTrainingOptions { Epochs = 1, BatchSize = batch, Seed = 1, AuxiliaryClassWeight = 1 }).Train(data, progress);
            var median = Stats.Median(times.Skip(1));
            rows.Add([name, median.ToString("F3"), total.Elapsed.TotalSeconds.ToString("F1"), FastKernels.LastDecision ?? "?"]);
            Log.Info($"{name}: {median:F3} s/step; {FastKernels.LastDecision}");
        }
        var md = new Markdown().Heading($"S2I ablation networks: seconds per GAN step (batch {batch}, starter widths, policy {TorchRuntime.OneDnn})");
        md.Table(["networks", "s per step (median after the first)", "run s (self-check included)", "kernels"], rows);
        md.Emit(args);
        return 0;
    }

    sealed class StepClock(List<double> times, Stopwatch clock) : IProgress<TrainingProgress>
    {
        int lastStep;

        public void Report(TrainingProgress p)
        {
            if (p.Step == lastStep) return;
            lastStep = p.Step;
            times.Add(clock.Elapsed.TotalSeconds);
            clock.Restart();
        }
    }
}
