using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>
/// Trains the second sound judge on real training LMS (unit-scaled, [N, 1, 128, 44]) labelled with their instrument,
/// plus, in every batch, <see cref="NegativeShare"/> as many made-up negatives labelled
/// <see cref="SoundJudge.RefusedClass"/>: half shaped noise from the per-class mean of the training inputs, half
/// blurred copies of other rows of the batch (<see cref="SoundJudgeNegatives"/>). Same seed and thread count → same weights.
/// </summary>
public sealed class SoundJudgeTrainer(SoundJudge model, ClassifierTrainingOptions options)
{
    public const string Phase = "sound judge";

    /// <summary>Negatives per real sound in a batch (split evenly between shaped noise and blurred copies).</summary>
    public double NegativeShare { get; init; } = 0.25;

    /// <returns>The last epoch's mean loss and training-batch accuracy (negatives included).</returns>
    public IReadOnlyDictionary<string, double> Train(Tensor unitLms, int[] labels, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancel = default)
    {
        ModelShapes.Expect(unitLms, "sound judge training", 1, model.Config.InputHeight, model.Config.InputWidth);
        ImageJudgeTrainer.CheckLabels(unitLms.shape[0], labels, SoundJudge.RefusedClass);
        if (NegativeShare is <= 0 or > 1 || double.IsNaN(NegativeShare))
            throw new InvalidInputException($"negative share must be in (0, 1], got {NegativeShare}");
        PairedTensorDataset.RequireFinite(unitLms, "judge training LMS");
        using var means = SoundJudgeNegatives.ClassMeans(unitLms, labels, SoundJudge.RefusedClass);
        using var targets = tensor(labels.Select(l => (long)l).ToArray());
        Generator? negatives = null;
        var epochSeen = 0;
        try
        {
            return JudgeTrainingLoop.Run(Phase, model, options, labels.Length, (rows, epoch) =>
            {
                if (epoch != epochSeen)
                {
                    negatives?.Dispose();
                    negatives = new Generator((ulong)Seeding.Derive(options.Seed, "sound-judge-negatives", epoch));
                    epochSeen = epoch;
                }
                var (x, y) = WithNegatives(unitLms, targets, labels, rows, means, negatives!);
                return JudgeTrainingLoop.Score(model.call(x), y);
            }, progress, cancel);
        }
        finally
        {
            negatives?.Dispose();
        }
    }

    /// <summary>
    /// The batch's real rows followed by its negatives: shaped noise of the classes of the first rows and blurred copies
    /// of the next rows, all labelled <see cref="SoundJudge.RefusedClass"/>.
    /// </summary>
    internal (Tensor Inputs, Tensor Targets) WithNegatives(Tensor unitLms, Tensor targets, int[] labels, long[] rows,
        Tensor classMeans, Generator random)
    {
        var perKind = Math.Max(1, (int)Math.Round(rows.Length * NegativeShare / 2));
        perKind = Math.Min(perKind, rows.Length / 2);
        var idx = tensor(rows);
        var real = unitLms.index_select(0, idx);
        var noise = SoundJudgeNegatives.ShapedNoise(classMeans, rows.Take(perKind).Select(r => labels[r]).ToArray(), random);
        var blurred = SoundJudgeNegatives.Blurred(real.narrow(0, perKind, perKind), random);
        var refused = full([2L * perKind], (long)SoundJudge.RefusedClass, dtype: int64);
        return (cat([real, noise, blurred], 0), cat([targets.index_select(0, idx), refused], 0));
    }
}
