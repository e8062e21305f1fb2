using CrossModal.Core;
using CrossModal.Core.Audio;
using CrossModal.Domain;
using CrossModal.EncoderService.Encoding;
using CrossModal.Protos.V1;
using CrossModal.ModelServing;
using Google.Protobuf;
using Grpc.Core;

namespace CrossModal.EncoderService.Services;

/// <summary>
/// The EncoderService RPCs: wire checks and conversions around <see cref="SoundEncoding"/>, <see cref="ImageEncoding"/>
/// (run on the service's <see cref="TorchWorkers"/>, not on the request's thread) and the mel inversion (managed code).
/// </summary>
public sealed class EncoderGrpcService(SoundEncoding sound, ImageEncoding image, TorchWorkers workers) : Protos.V1.EncoderService.EncoderServiceBase
{
    /// <summary>About 30 s of LMS: Griffin–Lim cost grows with length and a request cannot be interrupted mid-way.</summary>
    public const int MaxRenderFrames = 2600;
    public const int MaxIterations = 1000;

    public override Task<EncodeAudioResponse> EncodeAudio(EncodeAudioRequest request, ServerCallContext context)
    {
        var wav = Wire.Upload(request.Wav, "the WAV");
        return workers.Run(() => sound.Encode(wav, request.Encoder, request.ModelId), context.CancellationToken);
    }

    public override async Task EncodeAudioStream(IAsyncStreamReader<EncodeAudioRequest> requestStream,
        IServerStreamWriter<EncodeAudioResponse> responseStream, ServerCallContext context)
    {
        var index = 0;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            EncodeAudioResponse response;
            try
            {
                var wav = Wire.Upload(request.Wav, "the WAV");
                response = await workers.Run(() => sound.Encode(wav, request.Encoder, request.ModelId), context.CancellationToken);
            }
            catch (InvalidInputException e)
            {
                throw new InvalidInputException($"request {index}: {e.Message}", e);
            }
            await responseStream.WriteAsync(response, context.CancellationToken);
            index++;
        }
    }

    public override Task<EncodeImageResponse> EncodeImage(EncodeImageRequest request, ServerCallContext context)
    {
        var bytes = Wire.Upload(request.Image, "the image");
        return workers.Run(() => image.Encode(bytes, request.ModelId), context.CancellationToken);
    }

    public override Task<RenderAudioResponse> RenderAudio(RenderAudioRequest request, ServerCallContext context)
    {
        var lms = Wire.Spectrogram(request.Lms, "lms", AudioFrontEnd.MelBands, 2, MaxRenderFrames);
        if (request.Iterations is < 0 or > MaxIterations)
            throw new InvalidInputException($"iterations must be 1..{MaxIterations} (0 for the default {GriffinLim.DefaultIterations}), got {request.Iterations}.");
        context.CancellationToken.ThrowIfCancellationRequested();
        var options = new LmsInversion.Options(
            GriffinLimIterations: request.Iterations == 0 ? GriffinLim.DefaultIterations : request.Iterations,
            Seed: unchecked((int)request.Seed));
        var samples = LmsInversion.ToWaveform(lms, options: options);
        using var wav = new MemoryStream();
        WavCodec.Write16(wav, samples, AudioFrontEnd.SampleRate);
        return Task.FromResult(new RenderAudioResponse
        {
            Wav = ByteString.CopyFrom(wav.GetBuffer(), 0, (int)wav.Length),
            Seconds = (double)samples.Length / AudioFrontEnd.SampleRate,
        });
    }
}
