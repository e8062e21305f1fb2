using System.Diagnostics;
using CrossModal.Core.Evaluation;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;
using static TorchSharp.torch;

namespace CrossModal.Core.Recipes;

/// <summary>
/// How a recipe trains the pose regressor, the judge of the pose models: images (plus augmented copies, never
/// flipped, since a flip would change the pose) to the synthetic dataset's pose parameters.
/// </summary>
internal static class PoseRegressorTraining
{
    /// <summary>
    /// Trains (or, when the store holds it for this step, loads) a pose regressor stored as <paramref name="id"/>: the
    /// judge, from the run's seed, or a pose teacher of its kind, from its own <paramref name="seed"/> (initial weights,
    /// shuffles and augmented copies all follow it).
    /// </summary>
    public static PoseRegressor Train(RecipeRun run, PoseRegressorStep step, LoadedSplit train, LoadedSplit valid, CancellationToken cancel,
        string id = StoredModels.PoseRegressorId, long? seed = null)
    {
        var runSeed = seed ?? run.Seed;
        if (run.Existing(id, step) is not null) return run.OnDevice(StoredModels.LoadPoseRegressor(run.OutputRoot, id).Model);
        if (train.Data.Pose is null || valid.Data.Pose is null)
            throw new InvalidInputException($"the pose regressor needs pose_0..pose_3 in '{run.DatasetRoot}/pairs.csv' (the synthetic dataset has them).");
        var clock = Stopwatch.StartNew();
        Seeding.SeedTorch(runSeed, id);
        var model = run.OnDevice(new PoseRegressor(new PoseRegressorConfig()));
        var losses = TrainOnFrames(model, train.Data, run.Pick(train, step.MaxPerClass), step.AugmentedCopies, id, new PoseRegressorTrainingOptions
        {
            Epochs = step.Epochs, BatchSize = step.BatchSize, LearningRate = step.LearningRate, Seed = runSeed,
        }, run.Reporter(id), cancel);
        var read = PoseRegressorTrainer.Read(model, valid.Data.Images, valid.Data.Labels);
        var truth = PoseRegressorTrainer.Rows(valid.Data.Pose);
        var mae = PoseError.Between(read, truth).PerParameter;
        var metrics = mae.Select((v, k) => (k, v)).ToDictionary(t => $"validation_mae_pose_{t.k}", t => t.v);
        metrics["validation_mae"] = mae.Average();
        // Which parameters it can read at all, per instrument: a pose model's parameter counts only where r ≥ 0.5 here.
        foreach (var (name, r) in PoseCorrelation.PerInstrumentMetrics(read, truth, valid.Data.Labels)) metrics[$"validation_{name}"] = r;
        StoredModels.SavePoseRegressor(run.OutputRoot, model, run.Provenance(id, step, metrics), id);
        run.Record(id, ModelKinds.PoseRegressor, clock, model,
            losses.Select((l, e) => new EpochRecord { Epoch = e + 1, Losses = new() { ["loss"] = l } }).ToList(), metrics);
        return model;
    }

    /// <summary>
    /// Trains a pose model on the frames of <paramref name="rows"/> and <paramref name="copies"/> shifted, recoloured copies
    /// of each (never flipped: a flip changes the pose; the copies drawn from <paramref name="purpose"/> and the options'
    /// seed), each frame read by its own instrument's head. Returns each epoch's mean loss.
    /// </summary>
    internal static double[] TrainOnFrames(InstrumentPoseModel model, PairedTensorDataset train, int[] rows, int copies, string purpose,
        PoseRegressorTrainingOptions options, IProgress<TrainingProgress>? progress, CancellationToken cancel)
    {
        using var frames = TrainingAugmentation.PoseFrames(train.Images, train.Pose!, rows, copies, purpose, options.Seed);
        var instruments = Enumerable.Repeat(rows.Select(i => train.Labels[i]), 1 + copies).SelectMany(x => x).ToArray();
        return new PoseRegressorTrainer(model, options).Train(frames.Images, instruments, frames.Poses, progress, cancel);
    }
}
