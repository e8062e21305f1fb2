using System.Diagnostics;
using CrossModal.Bench.Harness;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Training;
using static TorchSharp.torch;

namespace CrossModal.Bench.Training;

/// <summary>
/// Does training memory stay flat? Trains the S2I GAN-CLS (default widths, the product's trainer) on random
/// conditions and images for N steps (epochs of 50 batches over one pool) and samples RSS along the way, as the
/// starter recipe trains S2I-C: with the K+1 class head (λ 1) and batch-norm recalibration after each epoch. The claim:
/// RSS after the last step is within 10 % of RSS after step 100 (a leak of even one small tensor per step would
/// show as steady growth).
/// </summary>
public static class TrainingMemory
{
    const int BatchesPerEpoch = 50;

    public static int Run(BenchArgs args)
    {
        int steps = args.Int("--steps", args.Quick ? 120 : 1000), batch = args.Int("--batch", args.Quick ? 8 : 32);
        Seeding.SeedTorch(1, "bench");
        var config = new GanConfig();
        var g = new S2IGenerator(config);
        var d = new S2IDiscriminator(config, auxiliaryClasses: RandomGanData.Instruments);
        int n = BatchesPerEpoch * batch, epochs = (steps + BatchesPerEpoch - 1) / BatchesPerEpoch;
        using var data = RandomGanData.Create(config, n);
        var samples = new List<(int Step, long Rss, double Seconds)>();
        var clock = Stopwatch.StartNew();
        var trainer = new GanTrainer(g, d, new GanTrainingOptions
        {
            Epochs = epochs, BatchSize = batch, Seed = 1, AuxiliaryClassWeight = 1, BatchNormRecalibrationBatches = 20,
        });
        trainer.Train(data, new InlineProgress<TrainingProgress>(p =>
        {
            if (p.EpochCompleted) return;
            var step = (p.Epoch - 1) * BatchesPerEpoch + p.Step;
            if (step is 1 or 10 or 50 || step % 100 == 0 || step == epochs * BatchesPerEpoch)
            {
                GC.Collect();
                samples.Add((step, ProcessMemory.RssBytes(), clock.Elapsed.TotalSeconds));
                Log.Info($"training memory, batch {batch}: step {step}: RSS {samples[^1].Rss / 1048576.0:F0} MiB");
            }
        }));
        long at100 = samples.First(s => s.Step == 100).Rss, atEnd = samples.Last().Rss;
        var growth = (atEnd - at100) / (double)at100;
        var md = new Markdown().Heading($"Training memory (S2I-C GAN-CLS with class head and batch-norm recalibration, starter widths, batch {batch}, {args.Threads} threads, {samples.Last().Step} steps)");
        md.Table(["step", "RSS (MiB)", "elapsed (s)"],
            samples.Select(s => (IReadOnlyList<string>)[s.Step.ToString(), (s.Rss / 1048576.0).ToString("F0"), s.Seconds.ToString("F0")]));
        md.Line($"RSS after step {samples.Last().Step} is {Markdown.Pct(growth)} against step 100 (claim: within ±10 %): " +
                $"{(Math.Abs(growth) <= 0.10 ? "holds" : "FAILS")}.").Line();
        md.Emit(args);
        return Math.Abs(growth) <= 0.10 ? 0 : 1;
    }

}
