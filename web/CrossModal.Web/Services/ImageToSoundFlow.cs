using CrossModal.Clients;
using CrossModal.Protos.V1;

namespace CrossModal.Web.Services;

/// <summary>The answer to one Image → Sound request: the generated LMS, its sound, and where the browser fetches it.</summary>
public sealed record ImageToSoundResult(string ModelId, long Seed, Spectrogram Lms, string WavMediaId)
{
    public string WavUrl => MediaStore.InlineUrl(WavMediaId);
    public string WavDownloadUrl => MediaStore.DownloadUrl(WavMediaId);
}

/// <summary>
/// Image → Sound for the page: the generator's I2S model makes the LMS from the image and, for an image condition, also
/// the 0.5 s waveform (mel inversion + Griffin–Lim, what <c>crossmodal generate i2s</c> writes). Should a generator send
/// no waveform, the encoder's RenderAudio makes it from the LMS. The sound classifier's verdict on the generated LMS
/// (evaluator) is a separate call, so the result survives an evaluator that is down.
/// </summary>
public sealed class ImageToSoundFlow(
    GeneratorService.GeneratorServiceClient generator, EncoderService.EncoderServiceClient encoder,
    EvaluatorService.EvaluatorServiceClient evaluator, MediaStore media)
{
    public async Task<ImageToSoundResult> GenerateAsync(UploadedFile image, long seed, CancellationToken cancellationToken = default)
    {
        var request = new ImageToSoundRequest { Image = Google.Protobuf.ByteString.CopyFrom(image.Bytes), Seed = seed };
        var response = await ServiceCall.RunAsync(ServiceAddresses.Generator,
            async () => await generator.ImageToSoundAsync(request, cancellationToken: cancellationToken));
        SpectrogramMath.CheckShape(response.Lms);
        var wav = response.Wav.IsEmpty ? await RenderAsync(response.Lms, seed, cancellationToken) : response.Wav.ToByteArray();
        var id = media.Put(wav, "audio/wav", $"{response.ModelId}-seed{seed}.wav");
        return new ImageToSoundResult(response.ModelId, seed, response.Lms, id);
    }

    async Task<byte[]> RenderAsync(Spectrogram lms, long seed, CancellationToken cancellationToken)
    {
        // RenderAudio expects the front end's 44 frames per 0.5 s; the I2S generator's native LMS has 34.
        var request = new RenderAudioRequest { Lms = SpectrogramMath.ResizeFrames(lms, 44), Seed = seed };
        var response = await ServiceCall.RunAsync(ServiceAddresses.Encoder,
            async () => await encoder.RenderAudioAsync(request, cancellationToken: cancellationToken));
        return response.Wav.ToByteArray();
    }

    /// <summary>The chosen picture, fetchable by the page's preview.</summary>
    public string StoreInput(UploadedFile image) => media.Put(image.Bytes, UploadRules.IsPng(image.Bytes) ? "image/png" : "image/jpeg", image.Name);

    /// <summary>What the sound classifier (the I2S judge) hears in the generated LMS.</summary>
    public async Task<Prediction> ClassifyAsync(Spectrogram lms, CancellationToken cancellationToken = default)
    {
        var request = new ClassifySpectrogramsRequest { Spectrograms = { lms } };
        var response = await ServiceCall.RunAsync(ServiceAddresses.Evaluator,
            async () => await evaluator.ClassifySpectrogramsAsync(request, cancellationToken: cancellationToken));
        return response.Predictions.Count == 1
            ? response.Predictions[0]
            : throw new ServiceCallException(new ServiceFailure(ServiceAddresses.Evaluator, Grpc.Core.StatusCode.Internal, $"it answered {response.Predictions.Count} predictions for one spectrogram"));
    }
}
