using CrossModal.Core;
using CrossModal.Core.Audio;
using CrossModal.Core.Imaging;
using CrossModal.Core.Models;
using CrossModal.Core.Training;
using CrossModal.Domain;
using CrossModal.ModelServing;
using static TorchSharp.torch;

namespace CrossModal.EvaluatorService.Evaluation;

/// <summary>The classifier judge Γ on uploaded samples: core's image classifier labels images, its sound classifier labels LMS.</summary>
public sealed class Judge(ServiceModels models)
{
    public const int MaxItems = 256;

    /// <summary>Class probabilities of untrusted encoded images (each safely decoded and centre-cropped to 64x64).</summary>
    public double[][] Images(IReadOnlyList<byte[]> encoded)
    {
        Count(encoded.Count, "images");
        const int size = ImagePreprocessor.ModelImageSize, pixels = 3 * size * size;
        var data = new float[encoded.Count * pixels];
        for (var i = 0; i < encoded.Count; i++)
        {
            try { ImagePreprocessor.LoadForModel(encoded[i]).CopyTo(data, i * pixels); }
            catch (InvalidInputException e) { throw new InvalidInputException($"image {i}: {e.Message}", e); }
        }
        var judge = models.Set.ImageClassifier;
        using var batch = tensor(data, [encoded.Count, 3, size, size]);
        return ClassifierInference.Probabilities(judge, batch);
    }

    /// <summary>Class probabilities of LMS in dB: 128 x 44, or 128 x 34 (the I2S shape) resized to 44 frames.</summary>
    public double[][] Spectrograms(IReadOnlyList<Spectrogram> lms)
    {
        Count(lms.Count, "spectrograms");
        const int bins = AudioFrontEnd.MelBands, frames = AudioFrontEnd.ChunkFrames;
        var judge = models.Set.SoundClassifier;
        using var scope = NewDisposeScope();
        var rows = new List<Tensor>();
        foreach (var s in lms)
        {
            var t = tensor(s.Data, [1, 1, bins, s.Frames]);
            rows.Add(s.Frames == frames ? t : LmsNormalisation.ResizeFrames(t, frames));
        }
        var unit = SoundInput.ToUnit(cat(rows, 0));
        return ClassifierInference.Probabilities(judge, unit);
    }

    static void Count(int n, string what)
    {
        if (n is < 1 or > MaxItems) throw new InvalidInputException($"send 1..{MaxItems} {what}, got {n}.");
    }
}
