using CrossModal.Core;
using CrossModal.Core.Audio;
using CrossModal.Core.Pipelines;
using CrossModal.Protos.V1;
using CrossModal.ServiceDefaults;
using static TorchSharp.torch;

namespace CrossModal.EncoderService.Encoding;

/// <summary>
/// WAV bytes → the model chunk (first 0.5 s at 44.1 kHz) → LMS in dB → embedding (and class scores for the
/// classifier encoder). The LMS is the encoder's input, so the client gets exactly what the model saw.
/// </summary>
public sealed class SoundEncoding(ServiceModels models)
{
    public const string Classifier = "classifier", Autoencoder = "autoencoder";

    public EncodeAudioResponse Encode(byte[] wav, string? encoder, string? modelId)
    {
        var kind = string.IsNullOrWhiteSpace(encoder) ? Classifier : encoder.Trim().ToLowerInvariant();
        if (kind is not (Classifier or Autoencoder))
            throw new InvalidInputException($"encoder must be '{Classifier}' or '{Autoencoder}', got '{encoder}'.");
        var clip = WavCodec.Read(wav);
        if (clip.Samples.Length == 0) throw new InvalidInputException("the WAV holds no samples.");
        var chunk = ChunkAudio.ToModelChunk(FirstHalfSecond(clip));
        var lms = ChunkAudio.Lms(chunk);
        var response = new EncodeAudioResponse
        {
            Lms = Wire.Spectrogram(lms, AudioFrontEnd.MelBands, AudioFrontEnd.ChunkFrames),
            LoudnessDbfs = Loudness.RmsDbfs(chunk),
        };

        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var unit = SoundInput.ToUnit(tensor(lms, [1, 1, AudioFrontEnd.MelBands, AudioFrontEnd.ChunkFrames]).to(models.Device));
        if (kind == Classifier)
        {
            var model = models.SoundEncoder(modelId);
            var (embedding, logits) = model.EmbedAndClassify(unit);
            response.Embedding.AddRange(Floats(embedding));
            response.Prediction = Wire.Prediction(Floats(nn.functional.softmax(logits, 1)).Select(v => (double)v).ToArray());
            response.ModelId = string.IsNullOrWhiteSpace(modelId) ? StoredModels.SoundEncoderId : modelId.Trim();
        }
        else
        {
            response.Embedding.AddRange(Floats(models.Autoencoder(modelId).Embed(unit)));
            response.ModelId = string.IsNullOrWhiteSpace(modelId) ? StoredModels.AutoencoderId : modelId.Trim();
        }
        return response;
    }

    /// <summary>
    /// Only the first 0.5 s is used, so a long upload is cut before resampling (a 15 MB file would otherwise be
    /// resampled whole); a few hundred extra samples keep the resampler's filter fed at the cut.
    /// </summary>
    static AudioClip FirstHalfSecond(AudioClip clip)
    {
        var keep = (int)Math.Min(clip.Samples.Length, (long)Math.Ceiling(clip.SampleRate * 0.5) + 512);
        return keep == clip.Samples.Length ? clip : clip with { Samples = clip.Samples[..keep] };
    }

    static float[] Floats(Tensor t) => t.cpu().contiguous().data<float>().ToArray();
}
