using CrossModal.Core;
using CrossModal.Core.Generation;
using CrossModal.Core.Imaging;
using CrossModal.Core.Storage;
using CrossModal.Domain;
using CrossModal.ModelServing;

namespace CrossModal.GeneratorService.Generation;

/// <summary>
/// What the one-shot and the live RPCs share: which generator a request means, and an image's sound (decoding and
/// the mel inversion on the caller's thread, only the networks on a torch worker).
/// </summary>
public static class ServedGeneration
{
    /// <summary>The S2I (or pose) generator a request names; neither a model nor a variant: the product's default (S2I-C on a store trained before it existed).</summary>
    public static LoadedGenerator SoundToImageGenerator(ServiceModels models, string? modelId, string? variant = null, string? instrument = null)
    {
        var id = !string.IsNullOrWhiteSpace(modelId) ? modelId
            : SoundToImage.NamedModelId(variant, instrument?.Trim()) ?? S2IModelIds.DefaultIn(models.Has);
        var g = models.Generator(id);
        if (g.Manifest.Kind is not (ModelKinds.S2I or ModelKinds.Pose))
            throw new InvalidInputException($"model '{g.Id}' is a {g.Manifest.Kind} model, not a sound-to-image generator.");
        return g;
    }

    /// <summary>The store's I2S generator (there is one, under a fixed id); empty <paramref name="modelId"/> means it.</summary>
    public static LoadedGenerator ImageToSoundGenerator(ServiceModels models, string? modelId)
    {
        var g = models.Generator(string.IsNullOrWhiteSpace(modelId) ? StoredModels.I2SId : modelId);
        if (g.Manifest.Kind != ModelKinds.I2S)
            throw new InvalidInputException($"model '{g.Id}' is a {g.Manifest.Kind} model, not an image-to-sound generator.");
        if (g.Id != StoredModels.I2SId) throw new InvalidInputException($"the image-to-sound generator is model '{StoredModels.I2SId}', not '{g.Id}'.");
        return g;
    }

    /// <summary>An encoded image's sound: LMS, waveform, WAV and spectrogram picture.</summary>
    public static async Task<GeneratedSound> Sound(ServiceModels models, TorchWorkers workers, byte[] image, long seed, CancellationToken cancel)
    {
        var pixels = ImagePreprocessor.LoadForModel(image);
        var generator = new ImageToSound(models.Set);
        var (generated, lms) = await workers.Run(() => generator.Spectrograms(pixels, seed), cancel);
        return ImageToSound.Render(generated, lms);
    }
}
