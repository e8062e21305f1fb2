using System.Diagnostics;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Training;
using static TorchSharp.torch;

namespace CrossModal.Bench;

/// <summary>
/// Does training memory stay flat? Trains the S2I GAN-CLS (default widths, the product's trainer) on random
/// conditions and images for N steps and samples RSS along the way. The claim: RSS after 1,000 steps is within
/// 10 % of RSS after 100 (a leak of even one small tensor per step would show as steady growth).
/// </summary>
public static class TrainingMemory
{
    public static int Run(string[] args)
    {
        int steps = Arg(args, "--steps", 1000), batch = Arg(args, "--batch", 32), threads = Arg(args, "--threads", 2);
        var outFile = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault();
        TorchRuntime.Initialise(threads, "cpu");
        Seeding.SeedTorch(1, "bench");
        var config = new GanConfig();
        var g = new S2IGenerator(config);
        var d = new S2IDiscriminator(config);
        // One epoch = all steps: the dataset holds exactly steps * batch pairs so the trainer runs `steps` steps.
        const int classes = 13;
        int n = steps * batch;
        var labels = Enumerable.Range(0, n).Select(i => i % classes).ToArray();
        var pieces = Enumerable.Range(0, n).Select(i => i % (classes * 4)).ToArray();
        using var data = new GanTrainingData(randn(n, config.EmbeddingSize), rand(n, 3, 64, 64) * 2 - 1, labels, pieces);
        var samples = new List<(int Step, long Rss, double Seconds)>();
        var clock = Stopwatch.StartNew();
        var trainer = new GanTrainer(g, d, new GanTrainingOptions { Epochs = 1, BatchSize = batch, Seed = 1 });
        trainer.Train(data, new InlineProgress(p =>
        {
            if (p.EpochCompleted) return;
            if (p.Step is 1 or 10 or 50 || p.Step % 100 == 0)
            {
                GC.Collect();
                samples.Add((p.Step, ProcessMemory.RssBytes(), clock.Elapsed.TotalSeconds));
                Console.Error.WriteLine($"step {p.Step}: RSS {samples[^1].Rss / 1048576.0:F0} MiB");
            }
        }));
        long at100 = samples.First(s => s.Step == 100).Rss, atEnd = samples.Last().Rss;
        var growth = (atEnd - at100) / (double)at100;
        var report = new System.Text.StringBuilder();
        report.AppendLine($"Training memory (S2I GAN-CLS, default widths, batch {batch}, {threads} threads, {steps} steps, {DateTime.UtcNow:yyyy-MM-dd}):");
        report.AppendLine();
        report.AppendLine("| step | RSS (MiB) | elapsed (s) |");
        report.AppendLine("|---|---|---|");
        foreach (var s in samples) report.AppendLine($"| {s.Step} | {s.Rss / 1048576.0:F0} | {s.Seconds:F0} |");
        report.AppendLine();
        report.AppendLine($"RSS after {samples.Last().Step} steps is {growth:+0.0%;-0.0%} against step 100 (claim: within ±10 %): {(Math.Abs(growth) <= 0.10 ? "holds" : "FAILS")}.");
        Console.WriteLine(report);
        if (outFile is not null) File.WriteAllText(outFile, report.ToString());
        return Math.Abs(growth) <= 0.10 ? 0 : 1;
    }

    static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
    }

    sealed class InlineProgress(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
