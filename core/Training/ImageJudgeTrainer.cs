using CrossModal.Core.Imaging;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>
/// Trains the second image judge on training images [N, 3, 64, 64] in [-1, 1] with cross-entropy. Every batch is
/// augmented afresh: small shifts and brightness/contrast changes (<see cref="ImageAugmentation"/>, no horizontal flips:
/// the instruments are held on one side), then <see cref="ColourJitter"/> (greyscale or a hue rotation), so colour
/// alone cannot tell the instruments apart. Same seed and thread count → same weights.
/// </summary>
public sealed class ImageJudgeTrainer(ImageJudge model, ClassifierTrainingOptions options)
{
    public const string Phase = "image judge";

    /// <summary>Shifts and light changes per image, before the colour jitter; flips stay off.</summary>
    public ImageAugmentation ShiftsAndLight { get; init; } = new() { FlipProbability = 0 };
    public ColourJitter Colour { get; init; } = new();

    /// <returns>The last epoch's mean loss and training-batch accuracy.</returns>
    public IReadOnlyDictionary<string, double> Train(Tensor images, int[] labels, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancel = default)
    {
        ModelShapes.Expect(images, "image judge training", 3, 64, 64);
        CheckLabels(images.shape[0], labels, model.Classes);
        Colour.Validate();
        PairedTensorDataset.RequireFinite(images, "judge training images");
        using var targets = tensor(labels.Select(l => (long)l).ToArray());
        Random? shifts = null;
        Generator? colours = null;
        var epochSeen = 0;
        try
        {
            return JudgeTrainingLoop.Run(Phase, model, options, labels.Length, (rows, epoch) =>
            {
                if (epoch != epochSeen)
                {
                    // Per-epoch streams, as the other trainers seed theirs.
                    shifts = Seeding.Stream(options.Seed, "image-judge-shift", epoch);
                    colours?.Dispose();
                    colours = new Generator((ulong)Seeding.Derive(options.Seed, "image-judge-colour", epoch));
                    epochSeen = epoch;
                }
                var idx = tensor(rows);
                var shifted = ShiftAndLight(images.index_select(0, idx), shifts!);
                var x = Colour.Apply(shifted, colours!);
                return JudgeTrainingLoop.Score(model.call(x), targets.index_select(0, idx));
            }, progress, cancel);
        }
        finally
        {
            colours?.Dispose();
        }
    }

    Tensor ShiftAndLight(Tensor batch, Random random)
    {
        int n = (int)batch.shape[0], size = 3 * 64 * 64;
        var source = batch.contiguous().data<float>().ToArray();
        var result = new float[source.Length];
        for (var i = 0; i < n; i++)
            ShiftsAndLight.Apply(source.AsSpan(i * size, size), 64, 64, random).CopyTo(result.AsSpan(i * size, size));
        return tensor(result, batch.shape);
    }

    internal static void CheckLabels(long inputs, int[] labels, int classes)
    {
        if (inputs != labels.Length) throw new InvalidInputException($"{inputs} inputs but {labels.Length} labels");
        if (labels.Any(l => l < 0 || l >= classes)) throw new InvalidInputException($"labels must be class indices 0..{classes - 1}");
    }
}
