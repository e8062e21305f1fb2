using CrossModal.Core.Audio;
using CrossModal.Core.Imaging;
using CrossModal.Core.Models;
using CrossModal.Core.Storage;
using CrossModal.Domain;
using static TorchSharp.torch;

namespace CrossModal.Core.Generation;

/// <summary>
/// A generated sound: the generator's LMS (128 x 34, dB), the same at the chunk size the classifier and the inversion
/// take (128 x 44, dB), the waveform (0.5 s at 44.1 kHz) and its 16-bit WAV, and a spectrogram PNG of the 128 x 44 LMS.
/// </summary>
public sealed record GeneratedSound(Spectrogram GeneratedLms, Spectrogram Lms, float[] Waveform, byte[] Wav, byte[] SpectrogramPng);

/// <summary>
/// Image-to-sound generation (I2S): an image → 64x64 crop in [-1, 1] → image-encoder embedding → I2S generator with
/// seeded noise → LMS → waveform by mel inversion and Griffin–Lim. The networks run on the set's device
/// (<see cref="ModelSet.Placement"/>); the LMS comes back to the CPU before the inversion and the WAV and PNG encoding.
/// One instance per <see cref="ModelSet"/>; thread-safe.
/// </summary>
public sealed class ImageToSound(ModelSet models)
{
    /// <summary>Scale of the spectrogram PNG (each LMS value drawn as a 4x4 block: 176 x 512 pixels).</summary>
    public const int SpectrogramScale = 4;

    public GeneratedSound FromImageFile(string path, long seed, LmsInversion.Options? inversion = null)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"'{path}': file not found.");
        return FromPixels(ImagePreprocessor.LoadFileForModel(path), seed, inversion);
    }

    public GeneratedSound FromImage(byte[] encoded, long seed, LmsInversion.Options? inversion = null) =>
        FromPixels(ImagePreprocessor.LoadForModel(encoded), seed, inversion);

    /// <summary>From a model-ready image: CHW [3, 64, 64] in [-1, 1] (<see cref="Spectrograms"/>, then <see cref="Render"/>).</summary>
    public GeneratedSound FromPixels(float[] chw, long seed, LmsInversion.Options? inversion = null)
    {
        var (generated, lms) = Spectrograms(chw, seed);
        return Render(generated, lms, inversion);
    }

    /// <summary>
    /// The tensor part of <see cref="FromPixels"/>: the generator's LMS (128 x 34, dB) and the same at chunk size
    /// (128 x 44, dB). A service runs this on its torch threads and <see cref="Render"/> (managed code) elsewhere.
    /// </summary>
    public (Spectrogram Generated, Spectrogram Lms) Spectrograms(float[] chw, long seed)
    {
        const int size = ImagePreprocessor.ModelImageSize;
        if (chw.Length != 3 * size * size) throw new InvalidInputException($"a model image has 3x{size}x{size} values, got {chw.Length}.");
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var image = models.Placement.Input(tensor(chw, [1, 3, size, size]));
        var unit = GenerateUnit(image, seed);
        return (ToSpectrogram(Normalisation.ToDb(unit)), ToSpectrogram(Normalisation.FromI2S(unit)));
    }

    /// <summary>The rest of <see cref="FromPixels"/>, no tensors: the waveform by mel inversion, its WAV and the spectrogram PNG.</summary>
    public static GeneratedSound Render(Spectrogram generated, Spectrogram lms, LmsInversion.Options? inversion = null)
    {
        var waveform = LmsInversion.ToWaveform(lms, options: inversion);
        using var wav = new MemoryStream();
        WavCodec.Write16(wav, waveform, AudioFrontEnd.SampleRate);
        using var picture = SpectrogramImage.Render(lms, SpectrogramScale);
        return new GeneratedSound(generated, lms, waveform, wav.ToArray(), PngImageEncoder.Encode(picture));
    }

    /// <summary>
    /// The generator's LMS (128 x 34, dB) from an image embedding already made by the image encoder (the encoder
    /// service's), with the noise and scaling <see cref="FromPixels"/> uses, so it is the LMS the image itself gives.
    /// </summary>
    public Spectrogram FromEmbedding(float[] embedding, long seed)
    {
        var g = Generator();
        g.RequireEmbedding(embedding);
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        return ToSpectrogram(Normalisation.ToDb(Unit(g, g.Placement.Input(tensor(embedding, [1, embedding.Length])), seed)));
    }

    /// <summary>
    /// Batch generation for evaluators: images [N, 3, 64, 64] → LMS in dB at chunk size [N, 1, 128, 44], on the model
    /// set's device. Call under inference mode and a dispose scope.
    /// </summary>
    public Tensor GenerateLmsDb(Tensor images, long seed)
    {
        var unit = GenerateUnit(models.Placement.Input(images), seed);
        return Normalisation.FromI2S(unit);
    }

    /// <summary>The scaling the I2S model was trained with (from its manifest; the product default if absent).</summary>
    public LmsNormalisation Normalisation
    {
        get
        {
            var manifest = models.Generator(StoredModels.I2SId).Manifest;
            if (manifest.Config[StoredModels.Normalisation] is null) return SoundInput.Normalisation;
            try { return manifest.ConfigAs<LmsNormalisation>(StoredModels.Normalisation); }
            catch (Storage.ModelStoreException e) { throw new InvalidInputException($"model '{manifest.Id}' in '{models.Root}' cannot be used: {e.Message}", e); }
        }
    }

    Tensor GenerateUnit(Tensor images, long seed)
    {
        var g = Generator();
        return Unit(g, g.Encoder.Embed(images), seed);
    }

    LoadedGenerator Generator()
    {
        var g = models.Generator(StoredModels.I2SId);
        if (g.Network is not I2SGenerator) throw new InvalidInputException($"model '{StoredModels.I2SId}' is not an image-to-sound generator.");
        return g;
    }

    /// <summary>Conditions [N, embedding] on the device → unit-scaled LMS [N, 1, 128, 34], with the noise of <paramref name="seed"/>.</summary>
    static Tensor Unit(LoadedGenerator g, Tensor conditions, long seed)
    {
        using var drawn = GenerationNoise.Draw(conditions.shape[0], g.Network.NoiseSize, seed, GenerationNoise.ImageToSound);
        var z = g.Placement.Input(drawn);
        return g.Network.call(conditions, z);
    }

    Spectrogram ToSpectrogram(Tensor lms)
    {
        var data = models.Placement.Output(lms.detach()).contiguous().data<float>().ToArray();
        return new Spectrogram(data, (int)lms.shape[2], (int)lms.shape[3]);
    }
}
