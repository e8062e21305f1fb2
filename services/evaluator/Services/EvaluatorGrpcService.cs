using System.Threading.Channels;
using CrossModal.Core.Audio;
using CrossModal.Domain;
using CrossModal.EvaluatorService.Evaluation;
using CrossModal.Core;
using CrossModal.Core.Models;
using CrossModal.Protos.V1;
using CrossModal.ModelServing;
using Grpc.Core;

namespace CrossModal.EvaluatorService.Services;

/// <summary>
/// The EvaluatorService RPCs: the judge on uploaded samples (on the service's <see cref="TorchWorkers"/>, not the
/// request's thread), and streamed model evaluation (a long job on a thread of its own, as many at once as
/// <see cref="EvaluationSlots"/> admits).
/// </summary>
public sealed class EvaluatorGrpcService(Judge judge, ModelEvaluation evaluation, EvaluationSlots slots, TorchWorkers workers) : Protos.V1.EvaluatorService.EvaluatorServiceBase
{
    public override async Task<ClassifyResponse> ClassifyImages(ClassifyImagesRequest request, ServerCallContext context)
    {
        var images = request.Images.Select((b, i) => Wire.Upload(b, $"image {i}")).ToList();
        return Response(await workers.Run(() => judge.Images(images), context.CancellationToken));
    }

    public override async Task<ClassifyResponse> ClassifySpectrograms(ClassifySpectrogramsRequest request, ServerCallContext context)
    {
        var lms = request.Spectrograms.Select((s, i) =>
        {
            var spectrogram = Wire.Spectrogram(s, $"spectrogram {i}", AudioFrontEnd.MelBands, I2SGenerator.OutputWidth, AudioFrontEnd.ChunkFrames);
            if (s.Frames is not (AudioFrontEnd.ChunkFrames or I2SGenerator.OutputWidth))
                throw new InvalidInputException(
                    $"spectrogram {i} must have {AudioFrontEnd.ChunkFrames} frames (a 0.5 s chunk) or {I2SGenerator.OutputWidth} (I2S output), got {s.Frames}.");
            return spectrogram;
        }).ToList();
        return Response(await workers.Run(() => judge.Spectrograms(lms), context.CancellationToken));
    }

    /// <summary>The evaluation runs on its own thread once it has a turn; its progress flows through a channel to the response stream.</summary>
    public override async Task EvaluateModel(EvaluateModelRequest request, IServerStreamWriter<EvaluationEvent> responseStream, ServerCallContext context)
    {
        using var turn = await slots.EnterAsync(context.CancellationToken);
        var events = Channel.CreateUnbounded<EvaluationEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var cancel = context.CancellationToken;
        var work = Task.Factory.StartNew(() =>
        {
            try
            {
                var result = evaluation.Run(request, (done, total) => events.Writer.TryWrite(new EvaluationEvent { Done = done, Total = total }), cancel);
                events.Writer.TryWrite(new EvaluationEvent { Done = result.N, Total = result.N, Result = result });
            }
            finally { events.Writer.TryComplete(); }
        }, cancel, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await foreach (var e in events.Reader.ReadAllAsync(cancel))
            await responseStream.WriteAsync(e, cancel);
        await work;
    }

    static ClassifyResponse Response(double[][] probabilities)
    {
        var response = new ClassifyResponse();
        response.Predictions.AddRange(probabilities.Select(Wire.Prediction));
        return response;
    }
}
