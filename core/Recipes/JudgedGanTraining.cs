using CrossModal.Core.Imaging;
using CrossModal.Core.Models;
using CrossModal.Core.Training;

namespace CrossModal.Core.Recipes;

/// <summary>
/// What the recipe's GAN steps (S2I, pose, I2S) share: their trainer settings, and a <see cref="GanTrainer"/> run that
/// judges the generator after each epoch, saves preview grids and returns the epoch records.
/// </summary>
internal static class JudgedGanTraining
{
    public static GanTrainingOptions Options(RecipeRun run, RecipeStep step, double beta1, int[] previewEpochs, string id, WrongPairRule rule) => new()
    {
        Epochs = step.Epochs, BatchSize = step.BatchSize, LearningRate = step.LearningRate, Beta1 = beta1, Seed = run.Seed,
        WrongPairs = rule, CheckpointDirectory = run.CheckpointFolder(id, step), PreviewEpochs = previewEpochs.ToHashSet(), PreviewCount = 13,
    };

    /// <summary>
    /// Runs a GAN trainer, judging after each epoch and saving preview grids; returns the epoch records. With
    /// <paramref name="keepBest"/>, G ends as it was after the epoch with the best training-condition accuracy, and
    /// that epoch's record is marked <see cref="EpochRecord.Selected"/> (D stays as trained last). With an EMA
    /// (<see cref="GanTrainingOptions.EmaDecay"/>) <paramref name="average"/> receives the weight average, and it is the
    /// generator <paramref name="judge"/> must score. A <paramref name="poseTeacher"/> is handed to the trainer
    /// (<see cref="GanTrainer.PoseTeacher"/>).
    /// </summary>
    public static List<EpochRecord> Train(RecipeRun run, string id, ConditionalGenerator g, ConditionalDiscriminator d, GanTrainingData data,
        GanTrainingOptions options, CancellationToken cancel, Func<int, (double? Train, double Valid)> judge, bool keepBest = false,
        ConditionalGenerator? average = null, IPoseReader? poseTeacher = null)
    {
        if (keepBest && options.EmaDecay > 0) throw new InvalidInputException($"{id}: an EMA generator ships as averaged, not a judge-picked epoch (keepBestEpoch)");
        var accuracies = new Dictionary<int, (double? Train, double Valid)>();
        var epochs = new List<EpochRecord>();
        var reporter = run.Reporter(id);
        using var best = new BestEpochSnapshot(g);
        var trainer = new GanTrainer(g, d, options)
        {
            AverageGenerator = average,
            PoseTeacher = poseTeacher,
            Evaluator = (_, epoch) =>
            {
                var acc = judge(epoch);
                accuracies[epoch] = acc;
                if (keepBest && acc.Train is double t) best.Offer(epoch, t);
                return acc.Valid;
            },
        };
        trainer.Train(data, new RecipeRun.SyncProgress(p =>
        {
            reporter.Report(p);
            if (!p.EpochCompleted) return;
            string? preview = null;
            if (p.Preview is { } grid)
            {
                preview = $"previews/{id}-epoch{p.Epoch:D3}.png";
                var png = ImageGrid.PngFromBatch(grid.Data, grid.Shape, columns: 13);
                AtomicFile.WriteAllBytes(Path.Combine(run.OutputRoot, preview), png);
            }
            accuracies.TryGetValue(p.Epoch, out var acc);
            epochs.Add(new EpochRecord
            {
                Epoch = p.Epoch, Losses = new(p.Losses), TrainAccuracy = acc.Train,
                ValidationAccuracy = accuracies.ContainsKey(p.Epoch) ? acc.Valid : null, Preview = preview,
            });
        }), cancel);
        if (best.Epoch is not int chosen) return epochs;
        if (chosen != epochs.LastOrDefault()?.Epoch)
        {
            best.Restore();
            run.Say(id, $"kept epoch {chosen} (best judged accuracy on training conditions, {best.Score:F3})");
        }
        return epochs.Select(e => e.Epoch == chosen ? e with { Selected = true } : e).ToList();
    }
}
