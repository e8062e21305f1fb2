using System.Diagnostics;
using CrossModal.Bench.Audio;
using CrossModal.Bench.Harness;
using CrossModal.Core.Generation;
using CrossModal.Protos.V1;
using GeneratorClient = CrossModal.Protos.V1.GeneratorService.GeneratorServiceClient;
using EncoderClient = CrossModal.Protos.V1.EncoderService.EncoderServiceClient;

namespace CrossModal.Bench.Services;

/// <summary>
/// Generator throughput under concurrency: one client sending SoundToImage requests (one image, embedding
/// condition) back to back, against 16 clients (one channel each) doing the same at once — the case dynamic batching
/// is for. Rounds alternate (1 client, 16 clients, 1 client, ...). References in the same run: in-process core
/// generating one image per call, and one in-process batch of 64 (the offline ceiling batching can approach).
/// </summary>
public static class ConcurrentThroughput
{
    public static async Task<int> Run(BenchArgs args)
    {
        var models = Path.GetFullPath(args.String("--models") ?? "models/starter");
        int rounds = args.Int("--rounds", args.Quick ? 1 : 3), clients = args.Int("--clients", 16);
        int perClient = args.Int("--per-client", args.Quick ? 4 : 25), single = args.Int("--single", args.Quick ? 10 : 150);
        var settings = new Dictionary<string, string?>();
        if (args.String("--window-ms") is { } w) settings["CrossModal:Batching:WindowMilliseconds"] = w;
        if (args.String("--max-batch") is { } m) settings["CrossModal:Batching:MaxBatchSamples"] = m;
        var label = args.String("--label") ?? "default settings";
        var wav = TestChunks.Wav(TestChunks.Make(1)[0]);

        using var set = ModelSet.Open(models);
        var core = new SoundToImage(set);
        await using var services = await LoopbackServices.Start(models, args.Threads, settings);
        var batching = services.Generator.Services.GetService(typeof(global::CrossModal.GeneratorService.Generation.BatchingOptions))
            as global::CrossModal.GeneratorService.Generation.BatchingOptions ?? throw new InvalidOperationException("no batching options");
        var embedding = (await new EncoderClient(services.EncoderChannel).EncodeAudioAsync(ServiceRequests.Encode(wav))).Embedding.ToArray();
        var channels = Enumerable.Range(0, clients).Select(_ => LoopbackServices.Connect(services.GeneratorAddress)).ToList();
        try
        {
            var stubs = channels.Select(c => new GeneratorClient(c)).ToList();
            await Sequential(stubs[0], embedding, 10, 0); // warm-up
            await Concurrent(stubs, embedding, 2);

            var one = new List<Sample>();
            var many = new List<Sample>();
            var localRates = new List<double>();
            var batchRates = new List<double>();
            for (var r = 1; r <= rounds; r++)
            {
                one.Add(await Sequential(stubs[0], embedding, single, r * 100_000));
                many.Add(await Concurrent(stubs, embedding, perClient));
                localRates.Add(InProcess(core, embedding, single));
                batchRates.Add(InProcessBatch(core, embedding));
                Log.Info($"round {r}: 1 client {one[^1].PerSecond:F1} req/s, {clients} clients {many[^1].PerSecond:F1} req/s, " +
                         $"in-process {localRates[^1]:F1}/s, batch-64 {batchRates[^1]:F0} images/s");
            }
            double oneRate = Stats.Median(one.Select(s => s.PerSecond)), manyRate = Stats.Median(many.Select(s => s.PerSecond));
            var ratio = manyRate / oneRate;
            var md = new Markdown().Heading($"Generator under concurrent load ({label}: window {batching.WindowMilliseconds} ms, max batch {batching.MaxBatchSamples})");
            md.Line($"SoundToImage, one image per request (S2I-C, embedding condition), loopback Kestrel in the harness's process; {rounds} alternating round(s): " +
                    $"1 client × {single} requests, then {clients} clients × {perClient} requests; images/s = requests / wall time of the round (median over rounds); " +
                    "latency percentiles pooled over rounds.").Line();
            md.Table(["", "images/s", "p50 (ms)", "p99 (ms)", "ratio vs 1 client"],
            [
                ["in-process core, one image per call (reference)", Markdown.F(Stats.Median(localRates)), "", "", Markdown.Ratio(Stats.Median(localRates) / oneRate)],
                ["in-process core, one batch of 64 (offline ceiling)", Markdown.F(Stats.Median(batchRates)), "", "", Markdown.Ratio(Stats.Median(batchRates) / oneRate)],
                ["1 gRPC client", Markdown.F(oneRate), Markdown.F(Stats.Median(one.SelectMany(s => s.Ms)), 2), Markdown.F(Stats.Percentile(one.SelectMany(s => s.Ms), 99), 2), "1.00x"],
                [$"{clients} gRPC clients (dynamic batching)", Markdown.F(manyRate), Markdown.F(Stats.Median(many.SelectMany(s => s.Ms)), 2),
                    Markdown.F(Stats.Percentile(many.SelectMany(s => s.Ms), 99), 2), $"**{Markdown.Ratio(ratio)}**"],
            ]);
            md.Line($"{clients} clients reach {Markdown.Ratio(ratio)} the single-client throughput (issue 4/7 goal ≥ 3x: {(ratio >= 3 ? "met" : "NOT met")}).").Line();
            md.Emit(args);
            return 0;
        }
        finally
        {
            foreach (var c in channels) c.Dispose();
        }
    }

    sealed record Sample(double PerSecond, List<double> Ms);

    static async Task<Sample> Sequential(GeneratorClient client, float[] embedding, int count, long seed)
    {
        var ms = new List<double>(count);
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            await client.SoundToImageAsync(ServiceRequests.FromEmbedding(embedding, 1, seed + i));
            ms.Add(clock.Elapsed.TotalMilliseconds);
        }
        return new Sample(count / wall.Elapsed.TotalSeconds, ms);
    }

    static async Task<Sample> Concurrent(IReadOnlyList<GeneratorClient> clients, float[] embedding, int perClient)
    {
        var wall = Stopwatch.StartNew();
        var results = await Task.WhenAll(clients.Select((c, k) => Task.Run(() => Sequential(c, embedding, perClient, k * 1000))));
        return new Sample(clients.Count * perClient / wall.Elapsed.TotalSeconds, results.SelectMany(r => r.Ms).ToList());
    }

    static double InProcess(SoundToImage core, float[] embedding, int count)
    {
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < count; i++) core.FromEmbedding(embedding, ServiceRequests.Model, 1, i);
        return count / wall.Elapsed.TotalSeconds;
    }

    static double InProcessBatch(SoundToImage core, float[] embedding)
    {
        var wall = Stopwatch.StartNew();
        core.FromEmbedding(embedding, ServiceRequests.Model, 64, 1);
        return 64 / wall.Elapsed.TotalSeconds;
    }
}
