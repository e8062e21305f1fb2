using CrossModal.Studies.Domain;
using CrossModal.Protos.V1;
using CrossModal.Studies.Creation;
using Google.Protobuf;
using Grpc.Core;

namespace CrossModal.Studies.Tests.Functional;

/// <summary>
/// The real image source with both gRPC clients on a recording call invoker: the pairs come from the evaluator's
/// StudySamplesService as asked (instrument, count, seed), the raw WAV goes to the generator with the method's variant,
/// and a service's refusal names that service.
/// </summary>
public sealed class GrpcStudyImageSourceTests
{
    static GrpcStudyImageSource Source(RecordingInvoker invoker) =>
        new(new StudySamplesService.StudySamplesServiceClient(invoker), new GeneratorService.GeneratorServiceClient(invoker));

    [Fact]
    public async Task Asks_the_samples_service_for_the_pairs_and_sends_the_raw_wav_with_the_variant()
    {
        var invoker = new RecordingInvoker();
        var source = Source(invoker);

        var samples = await source.PickSamplesAsync("cello", 3, seed: 5, CancellationToken.None);
        var pick = Assert.IsType<PickSamplesRequest>(Assert.Single(invoker.Requests));
        Assert.Equal(("cello", 3, 5L), (pick.Instrument, pick.Count, pick.Seed));
        Assert.Equal(["cello01_0", "cello01_1", "cello01_2"], samples.Select(s => s.Name));
        Assert.Equal(RecordingInvoker.Png, samples[0].GroundTruthPng);
        Assert.Equal(RecordingInvoker.Wav(1), samples[1].Wav);

        var png = await source.GenerateAsync("S2I-A", "cello", samples[0], 9, CancellationToken.None);
        Assert.Equal(RecordingInvoker.Png, png);
        var request = Assert.IsType<SoundToImageRequest>(invoker.Requests[1]);
        Assert.Equal(("a", 9L, 1, ""), (request.Variant, request.Seed, request.Count, request.Instrument));
        Assert.Equal(samples[0].Wav, request.Wav.ToByteArray());

        await source.GenerateAsync("S2I-Pose", "cello", samples[0], 9, CancellationToken.None);
        var pose = Assert.IsType<SoundToImageRequest>(invoker.Requests[2]);
        Assert.Equal(("pose", "cello"), (pose.Variant, pose.Instrument));

        // The product's default generator is asked for by its model id (a store without it answers NOT_FOUND: no silent S2I-C).
        await source.GenerateAsync(StudyMethods.ProductDefault, "cello", samples[0], 9, CancellationToken.None);
        var product = Assert.IsType<SoundToImageRequest>(invoker.Requests[3]);
        Assert.Equal(("s2i-c-default", ""), (product.ModelId, request.ModelId));
    }

    [Fact]
    public async Task A_refusal_or_an_unreachable_service_names_the_service()
    {
        var refused = new RecordingInvoker { Fail = new Status(StatusCode.FailedPrecondition, "the studies dataset 'synthetic' is missing") };
        var e = await Assert.ThrowsAsync<StudySourceException>(() => Source(refused).PickSamplesAsync("cello", 1, 1, CancellationToken.None));
        Assert.Equal("the evaluator service refused: the studies dataset 'synthetic' is missing (FailedPrecondition).", e.Message);

        var down = new RecordingInvoker { Fail = new Status(StatusCode.Unavailable, "connection refused") };
        var sample = new StudySample("cello01_0", RecordingInvoker.Png, RecordingInvoker.Wav(0));
        e = await Assert.ThrowsAsync<StudySourceException>(() => Source(down).GenerateAsync("S2I-C", "cello", sample, 1, CancellationToken.None));
        Assert.StartsWith("the generator service is not reachable", e.Message);
    }

    [Fact]
    public async Task Fewer_pairs_than_asked_for_is_an_error_not_a_short_study()
    {
        var invoker = new RecordingInvoker { Answered = 2 };
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Source(invoker).PickSamplesAsync("flute", 3, 1, CancellationToken.None));
        Assert.Contains("returned 2 pair(s) of flute, expected 3", e.Message);
    }

    /// <summary>Answers PickSamples with numbered pairs and SoundToImage with one fixed PNG, and records the requests.</summary>
    sealed class RecordingInvoker : CallInvoker
    {
        public static readonly byte[] Png = Support.FakeImageSource.Png("fixed");
        public static byte[] Wav(int i) => [0x52, 0x49, 0x46, 0x46, (byte)i];
        public List<object> Requests { get; } = [];
        public Status? Fail { get; init; }
        /// <summary>Pairs answered per PickSamples; null: as many as asked for.</summary>
        public int? Answered { get; init; }

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        {
            Requests.Add(request!);
            if (Fail is { } fail)
                return new AsyncUnaryCall<TResponse>(Task.FromException<TResponse>(new RpcException(fail)), Task.FromResult(new Metadata()), () => fail, () => new Metadata(), () => { });
            object reply = request switch
            {
                PickSamplesRequest pick => Picked(pick),
                SoundToImageRequest => new SoundToImageResponse { ModelId = "fake", Png = { ByteString.CopyFrom(Png) } },
                _ => throw new NotSupportedException(method.FullName),
            };
            return new AsyncUnaryCall<TResponse>(Task.FromResult((TResponse)reply), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => new Metadata(), () => { });
        }

        PickSamplesResponse Picked(PickSamplesRequest pick)
        {
            var reply = new PickSamplesResponse { Dataset = "synthetic", Available = 10 };
            reply.Samples.AddRange(Enumerable.Range(0, Answered ?? pick.Count).Select(i => new StudyPair
            {
                Name = $"{pick.Instrument}01_{i}", Instrument = pick.Instrument, Wav = ByteString.CopyFrom(Wav(i)), GroundTruthPng = ByteString.CopyFrom(Png),
            }));
            return reply;
        }

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();
        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();
        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();
        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();
    }
}
