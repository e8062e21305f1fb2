using System.Diagnostics;
using CrossModal.Bench.Audio;
using CrossModal.Bench.Harness;
using CrossModal.Protos.V1;
using GeneratorClient = CrossModal.Protos.V1.GeneratorService.GeneratorServiceClient;
using EncoderClient = CrossModal.Protos.V1.EncoderService.EncoderServiceClient;
using Grpc.Core;

namespace CrossModal.Bench.Services;

/// <summary>
/// Does the generator service's memory stay flat under many requests? Sends N mixed requests from 16 concurrent
/// clients to the generator running as its own process — S2I from an embedding (1–8 images), S2I from a WAV,
/// ListModels, and refused requests (count out of range) — and samples the process's RSS every 500 requests.
/// Claim (issue 4): RSS after the last request is within 10 % of RSS after the first 500.
/// </summary>
public static class ServiceMemory
{
    public static async Task<int> Run(BenchArgs args)
    {
        var models = Path.GetFullPath(args.String("--models") ?? "models/starter");
        var dll = Path.GetFullPath(args.String("--generator-dll") ?? "services/generator/bin/Release/net10.0/linux-x64/CrossModal.GeneratorService.dll");
        int total = args.Int("--requests", args.Quick ? 1000 : 10_000), clients = args.Int("--clients", 16), every = 500;
        var wav = TestChunks.Wav(TestChunks.Make(1)[0]);
        // --malloc-arena-max default: glibc's own arena limit, to measure the arenas as a suspect on their own.
        var arenas = args.String("--malloc-arena-max") ?? "2";
        using var generator = await GeneratorProcess.Start(dll, models, args.Threads, arenas == "default" ? null : arenas);
        var client = new GeneratorClient(generator.Channel);
        await client.SoundToImageAsync(ServiceRequests.FromWav(wav, 1, 0)); // loads the models before the first sample
        var embedding = await Embedding(models, wav);
        var samples = new List<(int Requests, long Rss, int Threads, double Seconds)> { (0, ProcessMemory.RssBytes(generator.Pid), ProcessMemory.Threads(generator.Pid), 0) };
        var next = 0;
        long refused = 0, images = 0, failed = 0;
        var clock = Stopwatch.StartNew();
        var gate = new object();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(k => Task.Run(async () =>
        {
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                if (i > total) return;
                try
                {
                    switch (i % 10)
                    {
                        case 0: await client.ListModelsAsync(new ListModelsRequest()); break;
                        case 1: await client.SoundToImageAsync(ServiceRequests.FromWav(wav, 1 + i % 4, i)); Interlocked.Add(ref images, 1 + i % 4); break;
                        case 2: await client.SoundToImageAsync(ServiceRequests.FromEmbedding(embedding, 65, i)); break; // refused: count > 64
                        default: await client.SoundToImageAsync(ServiceRequests.FromEmbedding(embedding, 1 + i % 4, i)); Interlocked.Add(ref images, 1 + i % 4); break;
                    }
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
                {
                    Interlocked.Increment(ref refused);
                }
                catch (RpcException e)
                {
                    // Counted and reported (the claim then fails), not fatal: the memory samples stay worth having.
                    Interlocked.Increment(ref failed);
                    Log.Info($"service memory: request {i} failed: {e.Status}");
                }
                if (i % every == 0)
                {
                    var rss = ProcessMemory.RssBytes(generator.Pid);
                    var threads = ProcessMemory.Threads(generator.Pid);
                    lock (gate) samples.Add((i, rss, threads, clock.Elapsed.TotalSeconds));
                    Log.Info($"service memory: {i} requests, generator RSS {rss / 1048576.0:F0} MiB, {threads} threads");
                }
            }
        })));
        samples.Sort((a, b) => a.Requests.CompareTo(b.Requests));
        long first = samples.First(s => s.Requests == every).Rss, last = samples[^1].Rss;
        var growth = (last - first) / (double)first;
        var md = new Markdown().Heading($"Generator service memory over {total:N0} requests");
        md.Line($"{clients} concurrent clients, mixed requests (70 % S2I from an embedding with 1–4 images, 10 % S2I from a WAV with 1–4 images, " +
                $"10 % ListModels, 10 % refused with INVALID_ARGUMENT); {images:N0} images generated, {refused:N0} refusals, {clock.Elapsed.TotalSeconds:F0} s; " +
                "the generator runs as its own process (starter models, default batching settings, " +
                $"MALLOC_ARENA_MAX={arenas}) and its RSS and thread count are read from /proc.").Line();
        md.Table(["requests", "generator RSS (MiB)", "generator threads", "elapsed (s)"],
            samples.Select(s => (IReadOnlyList<string>)[s.Requests.ToString("N0"), (s.Rss / 1048576.0).ToString("F0"), s.Threads.ToString(), s.Seconds.ToString("F0")]));
        var holds = Math.Abs(growth) <= 0.10 && failed == 0;
        md.Line($"RSS after {samples[^1].Requests:N0} requests is {Markdown.Pct(growth)} against after {every}; {failed:N0} requests failed " +
                $"(claim: within ±10 % and none failed): {(holds ? "holds" : "FAILS")}.").Line();
        md.Emit(args);
        return holds ? 0 : 1;
    }

    /// <summary>The S2I-C condition of the WAV, made in-process by core (as the encoder service would).</summary>
    static Task<float[]> Embedding(string models, byte[] wav)
    {
        using var set = Core.Generation.ModelSet.Open(models);
        var g = set.Generator(ServiceRequests.Model);
        var chunk = Core.Audio.ChunkAudio.ToModelChunk(Core.Audio.WavCodec.Read(wav));
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var _ = TorchSharp.torch.inference_mode();
        var lms = TorchSharp.torch.tensor(Core.Audio.ChunkAudio.Lms(chunk), [1, 1, CrossModal.Domain.AudioFrontEnd.MelBands, CrossModal.Domain.AudioFrontEnd.ChunkFrames]);
        return Task.FromResult(g.Encoder.Embed(lms).cpu().contiguous().data<float>().ToArray());
    }
}
