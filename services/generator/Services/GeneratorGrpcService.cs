using CrossModal.Core;
using CrossModal.Core.Generation;
using CrossModal.Core.Imaging;
using CrossModal.Core.Storage;
using CrossModal.Domain;
using CrossModal.GeneratorService.Generation;
using CrossModal.GeneratorService.Live;
using CrossModal.GeneratorService.Training;
using CrossModal.Protos.V1;
using CrossModal.ModelServing;
using Google.Protobuf;
using Grpc.Core;

namespace CrossModal.GeneratorService.Services;

/// <summary>
/// The GeneratorService RPCs: request checks and wire conversions around core's generation (<see cref="SoundToImage"/>
/// model choice and <see cref="SoundToImagePipeline"/>, batched by <see cref="SoundToImageBatcher"/>;
/// <see cref="Core.Generation.ImageToSound"/>) and the training jobs. Every tensor operation of a request runs on the
/// service's <see cref="TorchWorkers"/>, never on the request's own thread.
/// </summary>
public sealed class GeneratorGrpcService(
    ServiceModels models, TorchWorkers workers, SoundToImageBatcher batcher, TrainingJobs training,
    LiveSoundToImageStream liveSound, LiveImageToSoundStream liveImage, LiveSessions liveSessions)
    : Protos.V1.GeneratorService.GeneratorServiceBase
{
    public override async Task<SoundToImageResponse> SoundToImage(SoundToImageRequest request, ServerCallContext context)
    {
        using var arrival = batcher.Arrive();    // from here on, a batch being gathered waits for this request
        if (request.Count is < 1 or > Core.Generation.SoundToImage.MaxCount)
            throw new InvalidInputException($"count must be 1..{Core.Generation.SoundToImage.MaxCount}, got {request.Count}.");
        var g = ServedGeneration.SoundToImageGenerator(models, request.ModelId, request.Variant, request.Instrument);
        var cancel = context.CancellationToken;
        var pngs = request.ConditionCase switch
        {
            // The LMS is made on the request's thread; the batch encodes it on a torch worker, just before its forward pass.
            SoundToImageRequest.ConditionOneofCase.Wav => await batcher.GenerateFromSound(g,
                SoundToImagePipeline.Lms(SoundUpload.Decode(Wire.Upload(request.Wav, "the WAV")), "the sound"), request.Count, request.Seed, cancel, arrival),
            SoundToImageRequest.ConditionOneofCase.Embedding => await batcher.Generate(g,
                Wire.Embedding(request.Embedding, g.Network.EmbeddingSize), request.Count, request.Seed, cancel, arrival),
            _ => throw new InvalidInputException("give the condition: a WAV or a sound embedding."),
        };
        var response = new SoundToImageResponse { ModelId = g.Id };
        response.Png.AddRange(pngs.Select(ByteString.CopyFrom));
        return response;
    }

    public override async Task<ImageToSoundResponse> ImageToSound(ImageToSoundRequest request, ServerCallContext context)
    {
        var g = ServedGeneration.ImageToSoundGenerator(models, request.ModelId);
        switch (request.ConditionCase)
        {
            case ImageToSoundRequest.ConditionOneofCase.Image:
            {
                var sound = await ServedGeneration.Sound(models, workers, Wire.Upload(request.Image, "the image"), request.Seed, context.CancellationToken);
                return new ImageToSoundResponse
                {
                    ModelId = g.Id,
                    Lms = Wire.Spectrogram(sound.GeneratedLms.Data, sound.GeneratedLms.Bins, sound.GeneratedLms.Frames),
                    Wav = ByteString.CopyFrom(sound.Wav),
                    SpectrogramPng = ByteString.CopyFrom(sound.SpectrogramPng),
                };
            }
            case ImageToSoundRequest.ConditionOneofCase.Embedding:
            {
                // An embedding already made by EncoderService: core gives the LMS the image itself would.
                var embedding = Wire.Embedding(request.Embedding, g.Network.EmbeddingSize);
                var generator = new ImageToSound(models.Set);
                var lms = await workers.Run(() => generator.FromEmbedding(embedding, request.Seed), context.CancellationToken);
                return new ImageToSoundResponse { ModelId = g.Id, Lms = Wire.Spectrogram(lms.Data, lms.Bins, lms.Frames) };
            }
            default:
                throw new InvalidInputException("give the condition: an image or an image embedding.");
        }
    }

    public override Task<ListModelsResponse> ListModels(ListModelsRequest request, ServerCallContext context)
    {
        var kind = (request.Kind ?? "").Trim().ToLowerInvariant();
        if (kind.Length > 0 && !ModelKinds.All.Contains(kind))
            throw new InvalidInputException($"kind must be one of {string.Join(", ", ModelKinds.All)} (or empty for all), got '{request.Kind}'.");
        var response = new ListModelsResponse();
        response.Models.AddRange(models.List().Where(m => kind.Length == 0 || m.Kind == kind).Select(Wire.ModelInfo));
        return Task.FromResult(response);
    }

    public override Task<StartTrainingResponse> StartTraining(StartTrainingRequest request, ServerCallContext context) =>
        Task.FromResult(new StartTrainingResponse { RunId = training.Start(request).Id });

    public override async Task WatchTraining(WatchTrainingRequest request, IServerStreamWriter<TrainingEvent> responseStream, ServerCallContext context)
    {
        var run = training.Get(request.RunId);
        await foreach (var e in run.Watch(context.CancellationToken))
            await responseStream.WriteAsync(e, context.CancellationToken);
    }

    public override Task<CancelTrainingResponse> CancelTraining(CancelTrainingRequest request, ServerCallContext context) =>
        Task.FromResult(new CancelTrainingResponse { Cancelled = training.Cancel(request.RunId) });

    public override Task LiveSoundToImage(IAsyncStreamReader<LiveSoundWindow> requestStream, IServerStreamWriter<LiveImage> responseStream, ServerCallContext context) =>
        liveSound.Run(requestStream, responseStream, context.CancellationToken);

    public override Task LiveImageToSound(IAsyncStreamReader<LiveFrame> requestStream, IServerStreamWriter<LiveSound> responseStream, ServerCallContext context) =>
        liveImage.Run(requestStream, responseStream, context.CancellationToken);

    public override Task<LiveStatusResponse> GetLiveStatus(LiveStatusRequest request, ServerCallContext context) =>
        Task.FromResult(new LiveStatusResponse { SoundSessions = liveSessions.Sound, ImageSessions = liveSessions.Image, MaxSessions = liveSessions.Max });
}
