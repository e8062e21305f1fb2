using System.Diagnostics;
using CrossModal.Bench.Audio;
using CrossModal.Bench.Harness;
using CrossModal.Core.Generation;
using CrossModal.Protos.V1;
using GeneratorClient = CrossModal.Protos.V1.GeneratorService.GeneratorServiceClient;
using EncoderClient = CrossModal.Protos.V1.EncoderService.EncoderServiceClient;

namespace CrossModal.Bench.Services;

/// <summary>
/// End-to-end latency of WAV → one image: in-process core (<see cref="SoundToImage.FromWav"/>) against the services on
/// loopback Kestrel — two hops as the web app does it (EncodeAudio on the encoder, then SoundToImage with the
/// embedding) and one hop (SoundToImage with the WAV; the generator encodes it). Interleaved request by request.
/// </summary>
public static class ServiceLatency
{
    public static async Task<int> Run(BenchArgs args)
    {
        var models = Path.GetFullPath(args.String("--models") ?? "models/starter");
        int requests = args.Int("--requests", args.Quick ? 5 : 60);
        var wav = TestChunks.Wav(TestChunks.Make(1)[0]);
        using var set = ModelSet.Open(models);
        var core = new SoundToImage(set);
        await using var services = await LoopbackServices.Start(models, args.Threads);
        var encoder = new EncoderClient(services.EncoderChannel);
        var generator = new GeneratorClient(services.GeneratorChannel);

        var inProcess = new List<double>();
        var twoHops = new List<double>();
        var oneHop = new List<double>();
        for (var i = -3; i < requests; i++) // three untimed warm-up rounds
        {
            var clock = Stopwatch.StartNew();
            var local = core.FromWav(wav, ServiceRequests.Model, 1, i);
            var a = clock.Elapsed.TotalMilliseconds;

            clock.Restart();
            var encoded = await encoder.EncodeAudioAsync(ServiceRequests.Encode(wav));
            var viaEncoder = await generator.SoundToImageAsync(ServiceRequests.FromEmbedding(encoded.Embedding.ToArray(), 1, i));
            var b = clock.Elapsed.TotalMilliseconds;

            clock.Restart();
            var direct = await generator.SoundToImageAsync(ServiceRequests.FromWav(wav, 1, i));
            var c = clock.Elapsed.TotalMilliseconds;
            if (local.Png.Count != 1 || viaEncoder.Png.Count != 1 || direct.Png.Count != 1) throw new InvalidOperationException("expected one image per call");
            if (i < 0) continue;
            inProcess.Add(a);
            twoHops.Add(b);
            oneHop.Add(c);
        }

        double reference = Stats.Median(inProcess);
        var md = new Markdown().Heading("End-to-end latency: WAV → image (S2I-C, one image)");
        md.Line($"{requests} requests of each kind, interleaved (in-process, two hops, one hop, ...), after 3 warm-up rounds; starter models; " +
                $"services in the harness's process on loopback Kestrel (HTTP/2, plaintext); generator batching window {BatchingDefaults()}.").Line();
        md.Table(["path", "p50 (ms)", "p99 (ms)", "ratio (p50) vs in-process"],
        [
            Row("in-process core (`SoundToImage.FromWav`: decode, LMS, encoder, generator, PNG)", inProcess, reference),
            Row("services, two hops (EncodeAudio → SoundToImage with the embedding)", twoHops, reference),
            Row("services, one hop (SoundToImage with the WAV)", oneHop, reference),
        ]);
        var oneHopRatio = Stats.Median(oneHop) / reference;
        md.Line().Line($"One hop is **{Markdown.Ratio(oneHopRatio)}** the in-process path (issue 16 goal ≤ 1.5x: {(oneHopRatio <= 1.5 ? "met" : "NOT met")}). " +
                       "The generator encodes a WAV's sound inside its batch's pass on a torch worker, and a lone request does not wait for the batching window.");
        md.Emit(args);
        return 0;
    }

    static IReadOnlyList<string> Row(string name, List<double> ms, double reference) =>
        [name, Markdown.F(Stats.Median(ms), 2), Markdown.F(Stats.Percentile(ms, 99), 2), Markdown.Ratio(Stats.Median(ms) / reference)];

    static string BatchingDefaults()
    {
        var o = new global::CrossModal.GeneratorService.Generation.BatchingOptions();
        return $"{o.WindowMilliseconds} ms, max batch {o.MaxBatchSamples}";
    }
}
