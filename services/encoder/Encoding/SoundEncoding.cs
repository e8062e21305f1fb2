using CrossModal.Core;
using CrossModal.Core.Audio;
using CrossModal.Core.Models;
using CrossModal.Core.Storage;
using CrossModal.Domain;
using CrossModal.Protos.V1;
using CrossModal.ModelServing;
using static TorchSharp.torch;

namespace CrossModal.EncoderService.Encoding;

/// <summary>
/// WAV bytes → the model chunk (first 0.5 s at 44.1 kHz, core's <see cref="ChunkAudio"/>) → LMS in dB → embedding
/// (and class scores for the classifier encoder), by the models of core's ModelSet. The LMS is the encoder's input,
/// so the client gets exactly what the model saw.
/// </summary>
public sealed class SoundEncoding(ServiceModels models)
{
    public const string Classifier = "classifier", Autoencoder = "autoencoder";

    public EncodeAudioResponse Encode(byte[] wav, string? encoder, string? modelId)
    {
        var kind = string.IsNullOrWhiteSpace(encoder) ? Classifier : encoder.Trim().ToLowerInvariant();
        if (kind is not (Classifier or Autoencoder))
            throw new InvalidInputException($"encoder must be '{Classifier}' or '{Autoencoder}', got '{encoder}'.");
        var expected = kind == Classifier ? StoredModels.SoundEncoderId : StoredModels.AutoencoderId;
        var id = models.Require(modelId, expected);
        // The store keeps one model of each kind under a fixed id (StoredModels); another id is not a sound encoder.
        if (id != expected) throw new InvalidInputException($"the {kind} encoder is model '{expected}', not '{id}'.");

        var chunk = ChunkAudio.ToModelChunk(SoundUpload.Decode(wav));
        var lms = ChunkAudio.Lms(chunk);
        var response = new EncodeAudioResponse
        {
            ModelId = id,
            Lms = Wire.Spectrogram(lms, AudioFrontEnd.MelBands, AudioFrontEnd.ChunkFrames),
            LoudnessDbfs = Loudness.RmsDbfs(chunk),
        };

        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var db = tensor(lms, [1, 1, AudioFrontEnd.MelBands, AudioFrontEnd.ChunkFrames]);
        if (kind == Classifier)
        {
            var (embedding, logits) = models.Set.SoundClassifier.EmbedAndClassify(SoundInput.ToUnit(db));
            response.Embedding.AddRange(Floats(embedding));
            response.Prediction = Wire.Prediction(Floats(nn.functional.softmax(logits, 1)).Select(v => (double)v).ToArray());
        }
        else
        {
            // The autoencoder as a condition encoder takes LMS in dB (it unit-scales them itself).
            response.Embedding.AddRange(Floats(models.Set.ConditionEncoder(id).Embed(db)));
        }
        return response;
    }

    static float[] Floats(Tensor t) => t.cpu().contiguous().data<float>().ToArray();
}
