using CrossModal.Core;
using CrossModal.Core.Audio;
using CrossModal.Core.Imaging;
using CrossModal.Protos.V1;
using CrossModal.Studies.Creation;
using Google.Protobuf;
using Grpc.Core;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CrossModal.Studies.Tests.Functional;

/// <summary>
/// The real image source over a small dataset written here in the Sub-URMP layout, with the generator's gRPC client
/// on a recording call invoker: validation pairs only, seeded choice, ground truth cut to 64x64, the raw WAV sent
/// with the method's variant.
/// </summary>
public sealed class DatasetImageSourceTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("crossmodal-studies-dataset-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    void WritePair(string split, string instrument, string name, Rgb24 colour)
    {
        var img = Path.Combine(_root, "img", split, instrument);
        var chunk = Path.Combine(_root, "chunk", split, instrument);
        Directory.CreateDirectory(img);
        Directory.CreateDirectory(chunk);
        using (var image = new Image<Rgb24>(96, 80, colour)) image.SaveAsJpeg(Path.Combine(img, name + ".jpg"));
        var samples = Enumerable.Range(0, 22050).Select(i => 0.3f * MathF.Sin(i * 0.05f)).ToArray();
        WavCodec.WriteFile16(Path.Combine(chunk, name + ".wav"), samples, 44100);
    }

    DatasetGrpcImageSource Source(RecordingInvoker invoker) =>
        new(new StudiesOptions { ConnectionString = "unused", DatasetPath = _root }, new GeneratorService.GeneratorServiceClient(invoker));

    [Fact]
    public async Task Picks_validation_pairs_by_seed_and_sends_the_raw_wav_with_the_variant()
    {
        for (int i = 0; i < 5; i++) WritePair("validation", "cello", $"cello01_{i * 500}", new Rgb24(200, 10, 10));
        WritePair("train", "cello", "cello02_0", new Rgb24(0, 0, 0));
        WritePair("validation", "violin", "violin01_0", new Rgb24(0, 0, 0));
        var invoker = new RecordingInvoker();
        var source = Source(invoker);

        var a = await source.PickSamplesAsync("cello", 3, seed: 5, CancellationToken.None);
        var b = await source.PickSamplesAsync("cello", 3, seed: 5, CancellationToken.None);
        Assert.Equal(a.Select(s => s.Name), b.Select(s => s.Name));
        Assert.All(a, s => Assert.StartsWith("cello01_", s.Name));
        using (var gt = SafeImageDecoder.Decode(a[0].GroundTruthPng))
        {
            Assert.Equal(64, gt.Width);
            Assert.Equal(64, gt.Height);
        }

        var png = await source.GenerateAsync("S2I-A", "cello", a[0], 9, CancellationToken.None);
        Assert.Equal(RecordingInvoker.Png, png);
        var request = Assert.Single(invoker.Requests);
        Assert.Equal("a", request.Variant);
        Assert.Equal(9, request.Seed);
        Assert.Equal(1, request.Count);
        Assert.Equal(a[0].Wav, request.Wav.ToByteArray());
        Assert.Equal("", request.Instrument);

        await source.GenerateAsync("S2I-Pose", "cello", a[0], 9, CancellationToken.None);
        Assert.Equal(("pose", "cello"), (invoker.Requests[1].Variant, invoker.Requests[1].Instrument));
    }

    [Fact]
    public async Task Too_few_validation_pairs_or_no_dataset_is_a_clear_error()
    {
        WritePair("validation", "flute", "flute01_0", new Rgb24(1, 2, 3));
        var source = Source(new RecordingInvoker());
        var e = await Assert.ThrowsAsync<InvalidInputException>(() => source.PickSamplesAsync("flute", 2, 1, CancellationToken.None));
        Assert.Contains("1 validation pair(s) of flute", e.Message);

        var missing = new DatasetGrpcImageSource(new StudiesOptions { ConnectionString = "unused", DatasetPath = Path.Combine(_root, "nope") },
            new GeneratorService.GeneratorServiceClient(new RecordingInvoker()));
        await Assert.ThrowsAsync<InvalidInputException>(() => missing.PickSamplesAsync("flute", 1, 1, CancellationToken.None));
    }

    /// <summary>Answers SoundToImage with one fixed PNG and records the requests.</summary>
    sealed class RecordingInvoker : CallInvoker
    {
        public static readonly byte[] Png = PngImageEncoder.Encode(new Image<Rgb24>(64, 64));
        public List<SoundToImageRequest> Requests { get; } = [];

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        {
            Requests.Add((SoundToImageRequest)(object)request);
            var reply = new SoundToImageResponse { ModelId = "fake", Png = { ByteString.CopyFrom(Png) } };
            return new AsyncUnaryCall<TResponse>(Task.FromResult((TResponse)(object)reply), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => new Metadata(), () => { });
        }

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();
        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();
        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();
        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();
    }
}
