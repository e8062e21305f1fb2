using System.Diagnostics;
using CrossModal.Bench.Audio;
using CrossModal.Bench.Harness;
using CrossModal.Bench.Services;
using CrossModal.Core.Audio;
using CrossModal.Core.Generation;
using static TorchSharp.torch;

namespace CrossModal.Bench.Generation;

/// <summary>
/// In-process generator inference (S2I-C of the starter set): latency at batch 1 and throughput at batch 64, for the
/// network alone and for core's full call (<see cref="SoundToImage.FromEmbedding"/>: noise, forward, PNG encoding);
/// and how the cost of a call grows with the image count. Counts are visited round-robin.
/// </summary>
public static class GeneratorInference
{
    public static int Run(BenchArgs args)
    {
        var models = Path.GetFullPath(args.String("--models") ?? "models/starter");
        int rounds = args.Int("--rounds", args.Quick ? 2 : 15);
        int[] counts = args.Quick ? [1, 64] : [1, 2, 4, 8, 16, 32, 64];
        using var set = ModelSet.Open(models);
        var core = new SoundToImage(set);
        var g = set.Generator(ServiceRequests.Model);
        var embedding = Embed(g, TestChunks.Make(1)[0]);

        var network = counts.ToDictionary(c => c, _ => new List<double>());
        var full = counts.ToDictionary(c => c, _ => new List<double>());
        for (var r = -2; r < rounds; r++) // two warm-up rounds
            foreach (var count in counts)
            {
                var a = TimeNetwork(g, embedding, count);
                var clock = Stopwatch.StartNew();
                core.FromEmbedding(embedding, ServiceRequests.Model, count, r);
                var b = clock.Elapsed.TotalMilliseconds;
                if (r < 0) continue;
                network[count].Add(a);
                full[count].Add(b);
            }

        var md = new Markdown().Heading("Generator inference, in-process (S2I-C, starter widths)");
        md.Line($"Median over {rounds} rounds; network = `generator.call(c, z)` under inference mode; full = `SoundToImage.FromEmbedding` " +
                "(noise, forward, copy out, one PNG per image). Ratio = time per image against count 1 (full).").Line();
        double perImage1 = Stats.Median(full[1]);
        md.Table(["images per call", "network p50 (ms)", "full p50 (ms)", "full p99 (ms)", "images/s (full)", "time per image vs count 1"],
            counts.Select(c =>
            {
                var f = Stats.Median(full[c]);
                return (IReadOnlyList<string>)[c.ToString(), Markdown.F(Stats.Median(network[c]), 2), Markdown.F(f, 2),
                    Markdown.F(Stats.Percentile(full[c], 99), 2), Markdown.F(c / f * 1000), Markdown.Ratio(f / c / perImage1)];
            }));
        var last = counts[^1];
        md.Line($"Batch 1 latency {Markdown.F(perImage1, 2)} ms (full) / {Markdown.F(Stats.Median(network[1]), 2)} ms (network); batch {last} throughput " +
                $"{Markdown.F(last / Stats.Median(full[last]) * 1000)} images/s (full), {Markdown.Ratio(last / Stats.Median(full[last]) * perImage1)} the batch-1 rate.").Line();
        md.Emit(args);
        return 0;
    }

    static double TimeNetwork(LoadedGenerator g, float[] embedding, int count)
    {
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var c = tensor(embedding, [1, embedding.Length]).expand(count, embedding.Length);
        var z = randn(count, g.Network.NoiseSize);
        var clock = Stopwatch.StartNew();
        using var images = g.Network.call(c, z);
        return clock.Elapsed.TotalMilliseconds;
    }

    public static float[] Embed(LoadedGenerator g, float[] chunk)
    {
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var lms = tensor(ChunkAudio.Lms(chunk), [1, 1, CrossModal.Domain.AudioFrontEnd.MelBands, CrossModal.Domain.AudioFrontEnd.ChunkFrames]);
        return g.Encoder.Embed(lms).cpu().contiguous().data<float>().ToArray();
    }
}
