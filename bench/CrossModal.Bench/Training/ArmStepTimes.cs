using System.Diagnostics;
using CrossModal.Bench.Harness;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Training;

namespace CrossModal.Bench.Training;

/// <summary>
/// Seconds per GAN step of the S2I ablation's network choices (transposed-convolution or upsampling G, GAN-CLS or
/// projection D) through the product's trainer at batch 64, starter widths, auxiliary class head, under the process's
/// oneDNN policy, with the kernel choice each run's self-check made; the median of each run's steps after its first.
/// </summary>
public static class ArmStepTimes
{
    public static int Run(BenchArgs args)
    {
        int batch = args.Int("--batch", 64), steps = args.Int("--steps", args.Quick ? 2 : 4);
        var rows = new List<string[]>();
        foreach (var (name, upsampling, projection) in new[] { ("transposed G, GAN-CLS D", false, false), ("upsampling G", true, false), ("projection D", false, true), ("upsampling G, projection D", true, true) })
        {
            using var timer = new GanStepTimer(new GanConfig(), batch, steps + 1,
                c => upsampling ? new UpsamplingS2IGenerator(c) : new S2IGenerator(c),
                c => projection ? new ProjectionDiscriminator(c, RandomGanData.Instruments) : new S2IDiscriminator(c, RandomGanData.Instruments))
            { AuxiliaryClassWeight = 1 };
            var total = Stopwatch.StartNew();
            var median = Stats.Median(timer.Run(skip: 1));
            rows.Add([name, median.ToString("F3"), total.Elapsed.TotalSeconds.ToString("F1"), FastKernels.LastDecision ?? "?"]);
            Log.Info($"{name}: {median:F3} s/step; {FastKernels.LastDecision}");
        }
        var md = new Markdown().Heading($"S2I ablation networks: seconds per GAN step (batch {batch}, starter widths, policy {TorchRuntime.OneDnn})");
        md.Table(["networks", "s per step (median after the first)", "run s (self-check included)", "kernels"], rows);
        md.Emit(args);
        return 0;
    }
}
