using CrossModal.Core;
using CrossModal.Core.Models;
using CrossModal.Core.Pipelines;
using CrossModal.Core.Storage;
using CrossModal.GeneratorService.Generation;
using CrossModal.GeneratorService.Training;
using CrossModal.Protos.V1;
using CrossModal.ServiceDefaults;
using Google.Protobuf;
using Grpc.Core;
using static TorchSharp.torch;

namespace CrossModal.GeneratorService.Services;

/// <summary>The GeneratorService RPCs: request checks, model choice and conversions around the batcher, the I2S generator and the training jobs.</summary>
public sealed class GeneratorGrpcService(ServiceModels models, ConditionEncoding conditions, SoundToImageBatcher batcher, TrainingJobs training)
    : Protos.V1.GeneratorService.GeneratorServiceBase
{
    public const int MaxImages = 64;

    public override async Task<SoundToImageResponse> SoundToImage(SoundToImageRequest request, ServerCallContext context)
    {
        if (request.Count is < 1 or > MaxImages) throw new InvalidInputException($"count must be 1..{MaxImages}, got {request.Count}.");
        var g = models.Generator(ModelChoice.SoundToImage(request.ModelId, request.Variant, request.Instrument));
        if (g.Manifest.Kind is not (ModelKinds.S2I or ModelKinds.Pose))
            throw new InvalidInputException($"model '{g.Id}' is a {g.Manifest.Kind} model, not a sound-to-image generator.");
        var embedding = request.ConditionCase switch
        {
            SoundToImageRequest.ConditionOneofCase.Wav => conditions.FromWav(g, Wire.Upload(request.Wav, "the WAV")),
            SoundToImageRequest.ConditionOneofCase.Embedding => Wire.Embedding(request.Embedding, g.Network.EmbeddingSize),
            _ => throw new InvalidInputException("give the condition: a WAV or a sound embedding."),
        };
        var pngs = await batcher.Generate(g, embedding, request.Count, request.Seed, context.CancellationToken);
        var response = new SoundToImageResponse { ModelId = g.Id };
        response.Png.AddRange(pngs.Select(ByteString.CopyFrom));
        return response;
    }

    public override Task<ImageToSoundResponse> ImageToSound(ImageToSoundRequest request, ServerCallContext context)
    {
        var g = models.Generator(string.IsNullOrWhiteSpace(request.ModelId) ? StoredModels.I2SId : request.ModelId);
        if (g.Manifest.Kind != ModelKinds.I2S)
            throw new InvalidInputException($"model '{g.Id}' is a {g.Manifest.Kind} model, not an image-to-sound generator.");
        var embedding = request.ConditionCase switch
        {
            ImageToSoundRequest.ConditionOneofCase.Image => conditions.FromImage(g, Wire.Upload(request.Image, "the image")),
            ImageToSoundRequest.ConditionOneofCase.Embedding => Wire.Embedding(request.Embedding, g.Network.EmbeddingSize),
            _ => throw new InvalidInputException("give the condition: an image or an image embedding."),
        };
        context.CancellationToken.ThrowIfCancellationRequested();
        float[] lms;
        using (var scope = NewDisposeScope())
        using (inference_mode())
        {
            var device = g.Network.parameters().First().device;
            using var noise = SoundToImageBatcher.Noise(1, g.Network.NoiseSize, request.Seed);
            var unit = g.Network.call(tensor(embedding, [1, embedding.Length]).to(device), noise.to(device));
            lms = SoundInput.Normalisation.ToDb(unit).cpu().contiguous().data<float>().ToArray();
        }
        return Task.FromResult(new ImageToSoundResponse
        {
            ModelId = g.Id,
            Lms = Wire.Spectrogram(lms, I2SGenerator.OutputHeight, I2SGenerator.OutputWidth),
        });
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
}
