using System.Diagnostics;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;

namespace CrossModal.Core.Recipes;

/// <summary>How a recipe trains the stacked autoencoder whose embedding conditions S2I-A (<see cref="AutoencoderTrainer"/>, stack by stack).</summary>
internal static class AutoencoderTraining
{
    public static StackedAutoencoder Train(RecipeRun run, AutoencoderStep step, LoadedSplit train, CancellationToken cancel)
    {
        const string id = StoredModels.AutoencoderId;
        if (run.Existing(id, step) is not null) return run.OnDevice(StoredModels.LoadAutoencoder(run.OutputRoot, id).Model);
        var clock = Stopwatch.StartNew();
        Seeding.SeedTorch(run.Seed, id);
        var model = run.OnDevice(new StackedAutoencoder(new AutoencoderConfig()));
        using var inputs = SoundInput.ToUnit(TensorRows.Of(train.Data.Sounds, run.Pick(train, step.MaxPerClass)));
        var mse = new AutoencoderTrainer(model, new AutoencoderTrainingOptions
        {
            EpochsPerStack = step.Epochs, BatchSize = step.BatchSize, LearningRate = step.LearningRate, Seed = run.Seed,
        }).Train(inputs, run.Reporter(id), cancel);
        var metrics = mse.Select((v, k) => (k, v)).ToDictionary(t => $"stack{t.k + 1}_mse", t => t.v);
        StoredModels.SaveAutoencoder(run.OutputRoot, model, run.Provenance(id, step, metrics));
        run.Record(id, ModelKinds.Autoencoder, clock, model, [], metrics);
        return model;
    }
}
