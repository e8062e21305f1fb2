using CrossModal.Protos.V1;
using CrossModal.Web.Services;
using Grpc.Core;

namespace CrossModal.Web.Tests;

/// <summary>Completed or failed gRPC calls, as the generated clients return them.</summary>
static class Calls
{
    public static AsyncUnaryCall<T> Unary<T>(Func<T> answer)
    {
        Task<T> response;
        try
        {
            response = Task.FromResult(answer());
        }
        catch (RpcException e)
        {
            response = Task.FromException<T>(e);
        }
        return new AsyncUnaryCall<T>(response, Task.FromResult(new Metadata()), () => Grpc.Core.Status.DefaultSuccess, () => [], () => { });
    }

    public static RpcException Status(StatusCode code, string detail) => new(new Grpc.Core.Status(code, detail));

    public static AsyncServerStreamingCall<T> Stream<T>(IAsyncStreamReader<T> reader) =>
        new(reader, Task.FromResult(new Metadata()), () => Grpc.Core.Status.DefaultSuccess, () => [], () => { });
}

/// <summary>A server stream fed by the test: events are written while the component watches.</summary>
sealed class ChannelStreamReader<T> : IAsyncStreamReader<T>
{
    readonly System.Threading.Channels.Channel<T> channel = System.Threading.Channels.Channel.CreateUnbounded<T>();
    Exception? failure;

    public T Current { get; private set; } = default!;

    public void Write(T item) => channel.Writer.TryWrite(item);
    public void Complete() => channel.Writer.TryComplete();
    public void Fail(RpcException e)
    {
        failure = e;
        channel.Writer.TryComplete();
    }

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (await channel.Reader.WaitToReadAsync(cancellationToken) && channel.Reader.TryRead(out var item))
        {
            Current = item;
            return true;
        }
        if (failure is not null) throw failure;
        return false;
    }
}

/// <summary>The generator client with each RPC answered by a delegate the test sets (unset: UNIMPLEMENTED).</summary>
sealed class FakeGenerator : GeneratorService.GeneratorServiceClient
{
    public Func<SoundToImageRequest, SoundToImageResponse> OnSoundToImage { get; set; } = _ => throw Calls.Status(StatusCode.Unimplemented, "not faked");
    public Func<ImageToSoundRequest, ImageToSoundResponse> OnImageToSound { get; set; } = _ => throw Calls.Status(StatusCode.Unimplemented, "not faked");
    public Func<ListModelsRequest, ListModelsResponse> OnListModels { get; set; } = _ => new ListModelsResponse();
    public Func<StartTrainingRequest, StartTrainingResponse> OnStartTraining { get; set; } = _ => throw Calls.Status(StatusCode.Unimplemented, "not faked");
    public Func<CancelTrainingRequest, CancelTrainingResponse> OnCancelTraining { get; set; } = _ => throw Calls.Status(StatusCode.Unimplemented, "not faked");
    public Func<WatchTrainingRequest, IAsyncStreamReader<TrainingEvent>> OnWatchTraining { get; set; } = _ => throw Calls.Status(StatusCode.Unimplemented, "not faked");
    public List<SoundToImageRequest> SoundToImageRequests { get; } = [];
    public List<CancelTrainingRequest> CancelRequests { get; } = [];

    public override AsyncUnaryCall<SoundToImageResponse> SoundToImageAsync(SoundToImageRequest request, CallOptions options)
    {
        SoundToImageRequests.Add(request);
        return Calls.Unary(() => OnSoundToImage(request));
    }

    public override AsyncUnaryCall<ImageToSoundResponse> ImageToSoundAsync(ImageToSoundRequest request, CallOptions options) => Calls.Unary(() => OnImageToSound(request));
    public override AsyncUnaryCall<ListModelsResponse> ListModelsAsync(ListModelsRequest request, CallOptions options) => Calls.Unary(() => OnListModels(request));
    public override AsyncUnaryCall<StartTrainingResponse> StartTrainingAsync(StartTrainingRequest request, CallOptions options) => Calls.Unary(() => OnStartTraining(request));

    public override AsyncUnaryCall<CancelTrainingResponse> CancelTrainingAsync(CancelTrainingRequest request, CallOptions options)
    {
        CancelRequests.Add(request);
        return Calls.Unary(() => OnCancelTraining(request));
    }

    public override AsyncServerStreamingCall<TrainingEvent> WatchTraining(WatchTrainingRequest request, CallOptions options) => Calls.Stream(OnWatchTraining(request));
}

sealed class FakeEncoder : EncoderService.EncoderServiceClient
{
    public Func<EncodeAudioRequest, EncodeAudioResponse> OnEncodeAudio { get; set; } = _ => throw Calls.Status(StatusCode.Unimplemented, "not faked");
    public Func<RenderAudioRequest, RenderAudioResponse> OnRenderAudio { get; set; } = _ => throw Calls.Status(StatusCode.Unimplemented, "not faked");
    public int EncodeAudioCalls { get; private set; }

    public override AsyncUnaryCall<EncodeAudioResponse> EncodeAudioAsync(EncodeAudioRequest request, CallOptions options)
    {
        EncodeAudioCalls++;
        return Calls.Unary(() => OnEncodeAudio(request));
    }

    public override AsyncUnaryCall<RenderAudioResponse> RenderAudioAsync(RenderAudioRequest request, CallOptions options) => Calls.Unary(() => OnRenderAudio(request));
}

sealed class FakeEvaluator : EvaluatorService.EvaluatorServiceClient
{
    public Func<ClassifyImagesRequest, ClassifyResponse> OnClassifyImages { get; set; } = _ => throw Calls.Status(StatusCode.Unimplemented, "not faked");
    public Func<ClassifySpectrogramsRequest, ClassifyResponse> OnClassifySpectrograms { get; set; } = _ => throw Calls.Status(StatusCode.Unimplemented, "not faked");

    public override AsyncUnaryCall<ClassifyResponse> ClassifyImagesAsync(ClassifyImagesRequest request, CallOptions options) => Calls.Unary(() => OnClassifyImages(request));
    public override AsyncUnaryCall<ClassifyResponse> ClassifySpectrogramsAsync(ClassifySpectrogramsRequest request, CallOptions options) => Calls.Unary(() => OnClassifySpectrograms(request));
}

sealed class FakeHealth : IServiceHealth
{
    public Dictionary<string, ServiceState> States { get; } = [];

    public Task<ServiceStatus> CheckAsync(string service, CancellationToken cancellationToken = default)
    {
        var state = States.GetValueOrDefault(service, ServiceState.Serving);
        return Task.FromResult(new ServiceStatus(service, state, state == ServiceState.Serving ? "serving" : "not reachable (Unavailable)"));
    }
}
