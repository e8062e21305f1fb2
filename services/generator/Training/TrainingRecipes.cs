using CrossModal.Core;
using CrossModal.Core.Datasets;
using CrossModal.Core.Models;
using CrossModal.Core.Recipes;
using CrossModal.Domain;
using CrossModal.Protos.V1;

namespace CrossModal.GeneratorService.Training;

/// <summary>A StartTraining request as a one-step <see cref="TrainingRecipe"/> (checked here, before any job starts).</summary>
public static class TrainingRecipes
{
    public const int MaxEpochs = 1000;

    public static TrainingRecipe From(StartTrainingRequest r, string dataset, string modelStore, int threads)
    {
        var kind = (r.Kind ?? "").Trim().ToLowerInvariant();
        if (r.Epochs is < 1 or > MaxEpochs) throw new InvalidInputException($"epochs must be 1..{MaxEpochs}, got {r.Epochs}.");
        if (r.BatchSize != 0 && r.BatchSize is < 2 or > 4096) throw new InvalidInputException($"batch_size must be 2..4096 (0 for 64), got {r.BatchSize}.");
        if (r.MaxPerClass < 0) throw new InvalidInputException($"max_per_class must be >= 0, got {r.MaxPerClass}.");
        var batch = r.BatchSize == 0 ? 64 : r.BatchSize;
        var previews = PreviewEpochs(r.Epochs);
        var recipe = new TrainingRecipe { Name = "service", Dataset = dataset, Output = modelStore, Threads = threads, Seed = r.Seed };
        recipe = kind switch
        {
            "sound-encoder" or "encoder" => recipe with { SoundEncoder = new SoundEncoderStep { Epochs = r.Epochs, BatchSize = batch, MaxPerClass = r.MaxPerClass } },
            "image-encoder" => recipe with { ImageEncoder = new ImageEncoderStep { Epochs = r.Epochs, BatchSize = batch, MaxPerClass = r.MaxPerClass } },
            "autoencoder" => recipe with { Autoencoder = new AutoencoderStep { Epochs = r.Epochs, BatchSize = batch, MaxPerClass = r.MaxPerClass } },
            "s2i" => recipe with
            {
                S2I = new S2IStep
                {
                    Variants = [Variant(r.Variant)], Epochs = r.Epochs, BatchSize = batch, MaxPerClass = r.MaxPerClass, PreviewEpochs = previews,
                },
            },
            "pose" => recipe with
            {
                Pose = new PoseStep { Instruments = [Instrument(r.Instrument)], Epochs = r.Epochs, BatchSize = batch, MaxPerClass = r.MaxPerClass, PreviewEpochs = previews },
            },
            "i2s" => recipe with { I2S = new I2SStep { Epochs = r.Epochs, BatchSize = batch, MaxPerClass = r.MaxPerClass } },
            _ => throw new InvalidInputException($"kind must be sound-encoder, image-encoder, autoencoder, s2i, pose or i2s, got '{r.Kind}'."),
        };
        recipe.Validate();
        return recipe;
    }

    /// <summary>A preview grid at about ten epochs of the run (every epoch of a short one) and at the last.</summary>
    static int[] PreviewEpochs(int epochs)
    {
        var every = Math.Max(1, epochs / 10);
        return Enumerable.Range(1, epochs).Where(e => e % every == 0 || e == epochs).ToArray();
    }

    static string Variant(string? v)
    {
        var variant = string.IsNullOrWhiteSpace(v) ? S2IVariant.Classifier : v.Trim().ToLowerInvariant();
        if (!S2IVariant.IsKnown(variant)) throw new InvalidInputException($"an s2i variant is c, n or a, got '{v}'.");
        return variant;
    }

    static string Instrument(string? i)
    {
        if (string.IsNullOrWhiteSpace(i)) throw new InvalidInputException("a pose model is trained for one instrument: name it.");
        var k = Instruments.IndexOf(i.Trim());
        if (k < 0) throw new InvalidInputException($"'{i}' is not an instrument ({string.Join(", ", Instruments.All)}).");
        return Instruments.All[k];
    }
}
