using System.Text.Json;
using CrossModal.Bench.Harness;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Training;

namespace CrossModal.Bench.Training;

/// <summary>
/// The headline training figure: S2I GAN-CLS step at batch 64 (starter recipe widths) in samples/s, against
/// (a) the machine's matmul FLOP rate through libtorch and (b) the same step in PyTorch (bench/peer/gan_step.py,
/// Debian python3-torch) and (c) the same step on the reference kernels (oneDNN off: the product's default before
/// issue 16), interleaved round by round (ours, reference, matmul, peer, ours, ...) so that the shared machine's load
/// hits all sides alike. Figures are medians over rounds of each round's median step. Ours runs under the process's
/// oneDNN policy (default: the trainer's self-check turns oneDNN on for its networks, FastKernels); the peer uses oneDNN
/// for its convolutions exactly when ours may, so both sides run the same kind of kernels.
/// </summary>
public static class TrainingStepComparison
{
    /// <summary>The default step issue 16 measures against: 0.73 s on the reference kernels (docs/PERFORMANCE.md, 2026-12-04).</summary>
    const double IssueBaselineStepS = 0.73;

    public static int Run(BenchArgs args)
    {
        int batch = args.Int("--batch", 64), rounds = args.Int("--rounds", args.Quick ? 1 : 2);
        int ourSteps = args.Int("--steps", args.Quick ? 3 : 5), peerSteps = args.Int("--peer-steps", args.Quick ? 2 : 3);
        var peerScript = args.String("--peer") ?? "bench/peer/gan_step.py";
        var policy = TorchRuntime.OneDnn;
        var oneDnn = policy != OneDnnPolicy.Off;
        var config = new GanConfig();
        var flops = GanStepFlops.Step(config, batch);
        using var timer = new GanStepTimer(config, batch, ourSteps + 1);
        timer.Run(skip: 1); // warm-up epoch: libtorch's first passes allocate and pick kernels

        var ours = new List<double>();
        var reference = new List<double>();
        var peer = new List<double>();
        var peak = new List<double>();
        var peakSmall = new List<double>();
        var peerMatmul = new List<double>();
        string peerVersion = "?", peerBlas = "?";
        string? ourDecision = null;    // the reference run decides too: the heading names our run's choice
        for (var r = 1; r <= rounds; r++)
        {
            var ourStep = Stats.Median(timer.Run(skip: 1));
            ourDecision = FastKernels.LastDecision;
            ours.Add(ourStep);
            TorchRuntime.UsePolicy(OneDnnPolicy.Off);
            reference.Add(Stats.Median(timer.Run(skip: 1)));
            TorchRuntime.UsePolicy(policy);
            peak.Add(MatmulPeak.GflopsPerSecond(2048));
            peakSmall.Add(MatmulPeak.GflopsPerSecond(1024));
            Log.Info($"round {r}: ours {ourStep:F3} s/step, reference kernels {reference[^1]:F3} s/step, matmul {peak[^1]:F1} GFLOP/s; running the PyTorch peer ...");
            var result = PeerProcess.Run(peerScript, "--batch", batch.ToString(), "--steps", (peerSteps + 1).ToString(), "--skip", "1",
                "--threads", args.Threads.ToString(), "--filters", config.GeneratorFilters.ToString(), "--matmul", "1024",
                "--mkldnn", oneDnn ? "1" : "0");
            var peerStep = Stats.Median(result.GetProperty("step_seconds").EnumerateArray().Select(e => e.GetDouble()));
            peer.Add(peerStep);
            peerMatmul.Add(result.GetProperty("matmul_gflops").GetDouble());
            peerVersion = result.GetProperty("torch").GetString() ?? "?";
            peerBlas = result.GetProperty("blas").GetString() ?? "?";
            Log.Info($"round {r}: peer {peerStep:F3} s/step ({peerVersion}, {peerBlas}), peer matmul {peerMatmul[^1]:F1} GFLOP/s");
        }

        double ourStepS = Stats.Median(ours), peerStepS = Stats.Median(peer), peakG = Stats.Median(peak);
        double ourRate = batch / ourStepS, peerRate = batch / peerStepS, achieved = flops / ourStepS / 1e9;
        var backend = policy switch
        {
            OneDnnPolicy.Auto => $"default policy: {ourDecision}",
            OneDnnPolicy.On => $"oneDNN everywhere, unchecked ({TorchRuntime.OneDnnVariable}=1)",
            _ => $"oneDNN off ({TorchRuntime.OneDnnVariable}=0)",
        };
        var referenceStepS = Stats.Median(reference);
        var md = new Markdown().Heading($"GAN-CLS training step (S2I-C, batch {batch}, starter widths f = {config.GeneratorFilters}, {args.Threads} threads, {backend})");
        md.Line($"{rounds} interleaved rounds (ours {ourSteps} steps after a warm-up step, libtorch matmul, PyTorch peer {peerSteps} steps after a warm-up step); " +
                "each figure is the median over rounds of the round's median step. Ours is the product's `GanTrainer` (S2I-C, wrong pairs from other instruments).").Line();
        md.Table(["", "step (s)", "samples/s", "ratio"],
        [
            ["CrossModal (TorchSharp 0.107, libtorch " + TorchSharp.torch.__version__ + ")", Markdown.F(ourStepS, 3), Markdown.F(ourRate), "1.00x"],
            [$"PyTorch peer (Debian python3-torch {peerVersion}, {peerBlas}, oneDNN {(oneDnn ? "on" : "off")} like ours)", Markdown.F(peerStepS, 3), Markdown.F(peerRate, 2), Markdown.Ratio(peerRate / ourRate)],
            ["**CrossModal / peer**", "", "", $"**{Markdown.Ratio(ourRate / peerRate)}** (issue 7 goal ≥ 3x: {(ourRate / peerRate >= 3 ? "met" : "NOT met")})"],
            ["CrossModal on the reference kernels (oneDNN off: the default before issue 16)", Markdown.F(referenceStepS, 3), Markdown.F(batch / referenceStepS), Markdown.Ratio(ourStepS / referenceStepS)],
            ["**CrossModal / reference kernels, same run**", "", "", $"**{Markdown.Ratio(referenceStepS / ourStepS)}**"],
            [$"**0.73 s (the default step of 2026-12-04, issue 16) / CrossModal**", "", "", $"**{Markdown.Ratio(IssueBaselineStepS / ourStepS)}** (issue 16 goal ≥ 2.5x: {(IssueBaselineStepS / ourStepS >= 2.5 ? "met" : "NOT met")})"],
        ]);
        md.Line($"FLOPs per step (analytic, `GanStepFlops`: conv/deconv/FC multiply–adds x 2; backward = 2x forward; 3 F_G + 12 F_D): " +
                $"{flops / 1e9:F1} GFLOP ({GanStepFlops.GeneratorForward(config, batch) / 1e9:F2} per G forward, {GanStepFlops.DiscriminatorForward(config, batch) / 1e9:F2} per D forward).").Line();
        md.Table(["", "GFLOP/s", "fraction of libtorch matmul"],
        [
            ["libtorch float32 matmul 2048² (best of 6, per round; median over rounds)", Markdown.F(peakG), "1.00"],
            ["CrossModal training step", Markdown.F(achieved), $"{Markdown.F(achieved / peakG, 2)} (issue 16 goal ≥ 0.9: {(achieved / peakG >= 0.9 ? "met" : "NOT met")})"],
            ["CrossModal training step on the reference kernels", Markdown.F(flops / referenceStepS / 1e9), Markdown.F(flops / referenceStepS / 1e9 / peakG, 2)],
            ["PyTorch peer training step", Markdown.F(flops / peerStepS / 1e9, 2), Markdown.F(flops / peerStepS / 1e9 / peakG, 3)],
            ["libtorch matmul 1024² (ours)", Markdown.F(Stats.Median(peakSmall)), Markdown.F(Stats.Median(peakSmall) / peakG, 2)],
            ["Debian PyTorch matmul 1024² (peer)", Markdown.F(Stats.Median(peerMatmul), 2), Markdown.F(Stats.Median(peerMatmul) / peakG, 3)],
        ]);
        md.Line($"Per-round step seconds — ours: {string.Join(", ", ours.Select(v => v.ToString("F3")))}; reference kernels: {string.Join(", ", reference.Select(v => v.ToString("F3")))}; peer: {string.Join(", ", peer.Select(v => v.ToString("F2")))} " +
                $"(spread over rounds: ours {Stats.Spread(ours):P0}, peer {Stats.Spread(peer):P0}).").Line();
        md.Emit(args);
        if (args.String("--json") is { } json)
            File.WriteAllText(json, JsonSerializer.Serialize(new { ourStepS, referenceStepS, peerStepS, ourRate, peerRate, achieved, peakG }));
        return 0;
    }
}
