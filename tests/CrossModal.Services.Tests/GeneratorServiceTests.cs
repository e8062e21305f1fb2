using CrossModal.GeneratorService.Generation;
using CrossModal.Protos.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp.PixelFormats;

namespace CrossModal.Services.Tests;

[Collection(ServicesCollection.Name)]
public class GeneratorServiceTests(ServicesFixture f)
{
    Protos.V1.GeneratorService.GeneratorServiceClient Client => new(f.GeneratorChannel);
    SoundToImageBatcher Batcher => f.Generator.Services.GetRequiredService<SoundToImageBatcher>();
    CrossModal.ModelServing.TorchWorkers Workers => f.Generator.Services.GetRequiredService<CrossModal.ModelServing.TorchWorkers>();

    static Embedding Embedding(int seed, int size = 128)
    {
        var rng = new Random(seed);
        var e = new Embedding();
        for (var i = 0; i < size; i++) e.Values.Add((float)rng.NextDouble());
        return e;
    }

    [Fact]
    public async Task SoundToImageMakesCountPngsAndTheSameSeedGivesTheSameImages()
    {
        var request = new SoundToImageRequest { Wav = Samples.Wav(), Count = 3, Seed = 11 };
        var a = await Client.SoundToImageAsync(request);
        var b = await Client.SoundToImageAsync(request);
        Assert.Equal("s2i-c", a.ModelId);
        Assert.Equal(3, a.Png.Count);
        using (var img = Samples.Decode(a.Png[0])) Assert.Equal((64, 64), (img.Width, img.Height));
        Assert.Equal(a.Png, b.Png);
        var other = await Client.SoundToImageAsync(new SoundToImageRequest { Wav = Samples.Wav(), Count = 3, Seed = 12 });
        Assert.NotEqual(a.Png[0], other.Png[0]);

        var fromAutoencoder = await Client.SoundToImageAsync(new SoundToImageRequest { Wav = Samples.Wav(), Variant = "a", Count = 1 });
        Assert.Equal("s2i-a", fromAutoencoder.ModelId);
    }

    [Fact]
    public async Task BadRequestsAreInvalidArgumentAndUnknownModelsNotFound()
    {
        async Task<RpcException> Fails(SoundToImageRequest r) => await Assert.ThrowsAsync<RpcException>(() => Client.SoundToImageAsync(r).ResponseAsync);
        var e = await Fails(new SoundToImageRequest { Embedding = Embedding(1, 127), Count = 1 });
        Assert.Equal((StatusCode.InvalidArgument, "the embedding must have 128 values, got 127."), (e.StatusCode, e.Status.Detail));
        var nan = Embedding(1);
        nan.Values[4] = float.PositiveInfinity;
        e = await Fails(new SoundToImageRequest { Embedding = nan, Count = 1 });
        Assert.Contains("index 4", e.Status.Detail);
        foreach (var count in new[] { 0, 65 })
        {
            e = await Fails(new SoundToImageRequest { Embedding = Embedding(1), Count = count });
            Assert.Equal((StatusCode.InvalidArgument, $"count must be 1..64, got {count}."), (e.StatusCode, e.Status.Detail));
        }
        e = await Fails(new SoundToImageRequest { Embedding = Embedding(1), Count = 1, Variant = "pose", Instrument = "violin" });
        Assert.Equal(StatusCode.NotFound, e.StatusCode);
        Assert.Contains("pose-violin", e.Status.Detail);
        e = await Fails(new SoundToImageRequest { Embedding = Embedding(1), Count = 1, Variant = "pose", Instrument = "kazoo" });
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        e = await Fails(new SoundToImageRequest { Wav = Samples.Wav(amplitude: 0.001), Count = 1 });
        Assert.Contains("silent", e.Status.Detail);
        e = await Fails(new SoundToImageRequest { Embedding = Embedding(1), Count = 1, ModelId = "i2s" });
        Assert.Contains("not a sound-to-image generator", e.Status.Detail);
        e = await Fails(new SoundToImageRequest { Count = 1 });
        Assert.Contains("give the condition", e.Status.Detail);
    }

    [Fact]
    public async Task ConcurrentRequestsShareForwardPassesAndGetTheirOwnImages()
    {
        const int n = 16;
        var alone = await Client.SoundToImageAsync(new SoundToImageRequest { Embedding = Embedding(3), Count = 2, Seed = 3 });
        var before = Batcher.ForwardPasses;
        var calls = Enumerable.Range(0, n).Select(i =>
            Client.SoundToImageAsync(new SoundToImageRequest { Embedding = Embedding(i), Count = 2, Seed = i }).ResponseAsync).ToArray();
        var results = await Task.WhenAll(calls);
        var passes = Batcher.ForwardPasses - before;
        Assert.InRange(passes, 1, n / 2);
        Assert.All(results, r => Assert.Equal(2, r.Png.Count));
        // Request 3's images do not depend on what they were batched with (own noise; eval-mode generator).
        for (var k = 0; k < 2; k++)
        {
            using var a = Samples.Decode(alone.Png[k]);
            using var b = Samples.Decode(results[3].Png[k]);
            var worst = 0;
            for (var y = 0; y < 64; y++)
                for (var x = 0; x < 64; x++)
                {
                    Rgb24 p = a[x, y], q = b[x, y];
                    worst = Math.Max(worst, Math.Max(Math.Abs(p.R - q.R), Math.Max(Math.Abs(p.G - q.G), Math.Abs(p.B - q.B))));
                }
            Assert.InRange(worst, 0, 1);
        }
    }

    [Fact]
    public async Task CancelledAndExpiredCallsEndWithTheirStatus()
    {
        // Cancelled and expired before the answer can exist: a timer racing the 50 ms batching window is not
        // reliable on a loaded machine, so the server side of dropping is proven on the batcher itself below.
        using var cts = new CancellationTokenSource();
        var call = Client.SoundToImageAsync(new SoundToImageRequest { Embedding = Embedding(1), Count = 1 }, cancellationToken: cts.Token);
        cts.Cancel();
        var e = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.Cancelled, e.StatusCode);

        e = await Assert.ThrowsAsync<RpcException>(() =>
            Client.SoundToImageAsync(new SoundToImageRequest { Embedding = Embedding(2), Count = 1 }, deadline: DateTime.UtcNow.AddMilliseconds(-1)).ResponseAsync);
        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
    }

    [Fact]
    public async Task ARequestCancelledWhileItWaitsForItsBatchNeverReachesTheGenerator()
    {
        // A long gathering window makes the order certain however loaded the machine is: the request is
        // cancelled long before its batch would run.
        using var batcher = new SoundToImageBatcher(new BatchingOptions { WindowMilliseconds = 2000 }, Workers,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SoundToImageBatcher>.Instance,
            f.Generator.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        await batcher.StartAsync(CancellationToken.None);
        var g = f.Generator.Services.GetRequiredService<CrossModal.ModelServing.ServiceModels>().Generator("s2i-c");
        using var onItsWay = batcher.Arrive();    // another request still decoding: the batch waits its window for it
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(30));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batcher.Generate(g, new float[128], 1, 1, cts.Token));
        for (var i = 0; i < 250 && batcher.DroppedRequests == 0; i++) await Task.Delay(20);
        Assert.Equal(1, batcher.DroppedRequests);
        Assert.Equal(0, batcher.ForwardPasses);
        await batcher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ABatchWaitsItsWindowOnlyForARequestOnItsWay()
    {
        // A window far longer than any test step: had a batch waited for it, the counters would say so.
        using var batcher = new SoundToImageBatcher(new BatchingOptions { WindowMilliseconds = 1000 * 10 }, Workers,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SoundToImageBatcher>.Instance,
            f.Generator.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        await batcher.StartAsync(CancellationToken.None);
        var g = f.Generator.Services.GetRequiredService<CrossModal.ModelServing.ServiceModels>().Generator("s2i-c");

        // Alone, with nobody on the way: it runs at once.
        Assert.Single(await batcher.Generate(g, new float[128], 1, 1, CancellationToken.None));
        Assert.Equal(0, batcher.WindowsWaited);
        Assert.Equal(1, batcher.ForwardPasses);

        // A request announced (still decoding its WAV) is waited for and shares the first one's forward pass.
        var onItsWay = batcher.Arrive();
        var first = batcher.Generate(g, new float[128], 1, 2, CancellationToken.None);
        for (var i = 0; i < 500 && batcher.WindowsWaited == 0; i++) await Task.Delay(10);
        Assert.Equal(1, batcher.WindowsWaited);
        Assert.False(first.IsCompleted);
        var second = batcher.GenerateFromSound(g, Core.Generation.SoundToImagePipeline.Lms(Core.Audio.WavCodec.Read(Samples.Wav().ToByteArray()), "the sound"), 1, 3, CancellationToken.None, onItsWay);
        await Task.WhenAll(first, second);
        Assert.Equal(2, batcher.ForwardPasses);
        await batcher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void AFullQueueIsRefusedWithResourceExhausted()
    {
        var batcher = new SoundToImageBatcher(new BatchingOptions { QueueCapacity = 1 }, Workers,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SoundToImageBatcher>.Instance,
            f.Generator.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var models = f.Generator.Services.GetRequiredService<CrossModal.ModelServing.ServiceModels>();
        var g = models.Generator("s2i-c");
        // Not started: nothing drains the queue, so the second request finds it full.
        _ = batcher.Generate(g, new float[128], 1, 1, CancellationToken.None);
        var e = Assert.Throws<RpcException>(() => { _ = batcher.Generate(g, new float[128], 1, 1, CancellationToken.None); });
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
    }

    [Fact]
    public async Task BatchedImagesAreTheImagesCoreGivesInProcess()
    {
        var embedding = Embedding(7);
        var served = await Client.SoundToImageAsync(new SoundToImageRequest { Embedding = embedding, Count = 2, Seed = 5 });
        using var models = Core.Generation.ModelSet.Open(f.Models);
        var local = new Core.Generation.SoundToImage(models).FromEmbedding(embedding.Values.ToArray(), "s2i-c", 2, 5);
        for (var k = 0; k < 2; k++) Assert.InRange(WorstChannelDifference(served.Png[k].ToByteArray(), local.Png[k]), 0, 1);
    }

    [Theory]
    [InlineData("c", 44_100, 0.5)]
    [InlineData("a", 22_050, 2.0)]    // resampled, and longer than the 0.5 s the models take
    public async Task ImagesOfAWavAreTheImagesCoreGivesInProcessForTheSameSeed(string variant, int rate, double seconds)
    {
        var wav = Samples.Wav(seconds, rate, frequency: 330);
        var served = await Client.SoundToImageAsync(new SoundToImageRequest { Wav = wav, Variant = variant, Count = 3, Seed = 9 });
        using var models = Core.Generation.ModelSet.Open(f.Models);
        var local = new Core.Generation.SoundToImage(models).FromWav(wav.ToByteArray(), $"s2i-{variant}", 3, 9);
        Assert.Equal(3, served.Png.Count);
        // Within one 8-bit level: the service's forward pass batches other requests' rows, core's runs this one alone.
        for (var k = 0; k < 3; k++) Assert.InRange(WorstChannelDifference(served.Png[k].ToByteArray(), local.Png[k]), 0, 1);
        // The seed matters, so agreeing is not an accident of a generator that ignores its noise.
        var other = new Core.Generation.SoundToImage(models).FromWav(wav.ToByteArray(), $"s2i-{variant}", 3, 10);
        Assert.NotEqual(local.Pixels, other.Pixels);
    }

    [Fact]
    public async Task ImageToSoundGivesCoresLmsWavAndSpectrogram()
    {
        var image = Samples.Png(6);
        var served = await Client.ImageToSoundAsync(new ImageToSoundRequest { Image = image, Seed = 4 });
        using var models = Core.Generation.ModelSet.Open(f.Models);
        var local = new Core.Generation.ImageToSound(models).FromImage(image.ToByteArray(), 4);
        Assert.Equal(local.GeneratedLms.Data, served.Lms.Values.ToArray());
        Assert.Equal(local.Wav, served.Wav.ToByteArray());
        Assert.Equal(local.SpectrogramPng, served.SpectrogramPng.ToByteArray());
        Assert.Equal(22050, Core.Audio.WavCodec.Read(served.Wav.ToByteArray()).Samples.Length);
    }

    static int WorstChannelDifference(byte[] png1, byte[] png2)
    {
        using var a = Samples.Decode(Google.Protobuf.ByteString.CopyFrom(png1));
        using var b = Samples.Decode(Google.Protobuf.ByteString.CopyFrom(png2));
        var worst = 0;
        for (var y = 0; y < 64; y++)
            for (var x = 0; x < 64; x++)
            {
                Rgb24 p = a[x, y], q = b[x, y];
                worst = Math.Max(worst, Math.Max(Math.Abs(p.R - q.R), Math.Max(Math.Abs(p.G - q.G), Math.Abs(p.B - q.B))));
            }
        return worst;
    }

    [Fact]
    public async Task ImageToSoundGivesA128By34LmsInDb()
    {
        var r = await Client.ImageToSoundAsync(new ImageToSoundRequest { Image = Samples.Png(5), Seed = 2 });
        Assert.Equal(("i2s", 128, 34, 128 * 34), (r.ModelId, r.Lms.Bins, r.Lms.Frames, r.Lms.Values.Count));
        Assert.All(r.Lms.Values, v => Assert.InRange(v, -100f, 40f));
        var e = await Assert.ThrowsAsync<RpcException>(() => Client.ImageToSoundAsync(new ImageToSoundRequest { Embedding = Embedding(1, 3) }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
    }

    [Fact]
    public async Task ListModelsListsTheStoreAndFiltersByKind()
    {
        var all = await Client.ListModelsAsync(new ListModelsRequest());
        Assert.Superset(new HashSet<string> { "sound-encoder", "image-encoder", "autoencoder", "s2i-a", "s2i-c", "i2s" }, all.Models.Select(m => m.Id).ToHashSet());
        var s2i = await Client.ListModelsAsync(new ListModelsRequest { Kind = "s2i" });
        Assert.Equal(new[] { "s2i-a", "s2i-c" }, s2i.Models.Select(m => m.Id).Order().ToArray());
        Assert.Equal("c", s2i.Models.Single(m => m.Id == "s2i-c").Variant);
        Assert.Equal(0.5, s2i.Models[0].Metrics["validation_accuracy"]);
        var e = await Assert.ThrowsAsync<RpcException>(() => Client.ListModelsAsync(new ListModelsRequest { Kind = "vae" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
    }
}
