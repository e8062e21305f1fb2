using CrossModal.Core.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>
/// The training loop both second judges share: Adam, a fixed number of epochs, seeded shuffling and dropout,
/// the learning rate constant or (<see cref="ClassifierTrainingOptions.CosineDecay"/>) decayed by a cosine over every
/// step rather than by epoch: the judges train for one or two epochs on the 2-core budget, and an epoch-wise cosine would
/// leave the whole first epoch at the full rate and never anneal a one-epoch run; one dispose scope and one guarded update per step. There is no early stopping and no
/// epoch picking — the judges end as their last epoch left them — and no checkpoints (each trains in minutes).
/// The caller's step function builds a batch's (augmented) inputs and targets and returns the logits' loss and the
/// share of the batch labelled right.
/// </summary>
internal static class JudgeTrainingLoop
{
    public delegate (Tensor Loss, Tensor Correct) Step(long[] rows, int epoch);

    /// <returns>The last epoch's mean loss and training-batch accuracy.</returns>
    public static IReadOnlyDictionary<string, double> Run(string phase, nn.Module model, ClassifierTrainingOptions options, int count,
        Step step, IProgress<TrainingProgress>? progress, CancellationToken cancel)
    {
        options.Validate();
        if (options.CheckpointDirectory is not null)
            throw new InvalidInputException("the judges train in one go: checkpoints are not supported");
        using var opt = optim.Adam(model.parameters(), options.LearningRate);
        IReadOnlyDictionary<string, double> last = new Dictionary<string, double>();
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            model.train();
            Seeding.SeedTorch(options.Seed, $"{phase}-dropout", epoch);
            var batches = EpochPlan.Batches(count, options.BatchSize, options.Seed, epoch);
            double lossSum = 0, correctSum = 0;
            for (var s = 1; s <= batches.Count; s++)
            {
                cancel.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var done = (double)((epoch - 1) * batches.Count + s - 1) / (options.Epochs * batches.Count);
                foreach (var group in opt.ParamGroups)
                    group.LearningRate = options.CosineDecay ? options.LearningRate * (1 + Math.Cos(Math.PI * done)) / 2 : options.LearningRate;
                var rows = batches[s - 1].Select(i => (long)i).ToArray();
                double correct = 0;
                var loss = GuardedUpdate.Run(phase, epoch, s, opt, model, [model], _ =>
                {
                    var (l, c) = step(rows, epoch);
                    correct = c.item<float>();
                    return l;
                });
                lossSum += loss;
                correctSum += correct;
                progress?.Report(new TrainingProgress(phase, epoch, options.Epochs, s, batches.Count,
                    new Dictionary<string, double> { ["loss"] = loss, ["batch_accuracy"] = correct }));
            }
            last = new Dictionary<string, double> { ["loss"] = lossSum / batches.Count, ["batch_accuracy"] = correctSum / batches.Count };
            progress?.Report(new TrainingProgress(phase, epoch, options.Epochs, batches.Count, batches.Count, last, EpochCompleted: true));
        }
        model.eval();
        return last;
    }

    /// <summary>Cross-entropy of <paramref name="logits"/> against <paramref name="targets"/> and the share arg-max gets right.</summary>
    public static (Tensor Loss, Tensor Correct) Score(Tensor logits, Tensor targets) =>
        (nn.functional.cross_entropy(logits, targets), logits.argmax(1).eq(targets).to(float32).mean());
}
