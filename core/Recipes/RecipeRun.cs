using System.Diagnostics;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;
using static TorchSharp.torch;

namespace CrossModal.Core.Recipes;

/// <summary>
/// One run of a recipe as its steps see it: the recipe, the dataset and model store folders, and what every step does
/// the same way: keep a model this recipe already made, pick the training pairs, put networks and data on the run's
/// device, name provenance, record the step in the training history, report progress.
/// </summary>
internal sealed class RecipeRun(TrainingRecipe recipe, string datasetRoot, string outputRoot, bool force, IProgress<RecipeEvent>? progress,
    DevicePlacement placement)
{
    public TrainingRecipe Recipe => recipe;
    public long Seed => recipe.Seed;
    public string DatasetRoot => datasetRoot;
    public string OutputRoot => outputRoot;
    public TrainingHistory History { get; set; } = new();
    /// <summary>Runs the sound encoder augmentation's lossy codec (<see cref="RecipeRunner.LossyCodec"/>).</summary>
    public Audio.Microphone.ILossyCodec? LossyCodec { get; init; }
    /// <summary>The dataset folder's name and split sizes, recorded in every manifest of the run.</summary>
    public string DatasetId { get; set; } = "";

    /// <summary>
    /// The stored model <paramref name="id"/> if this step made it and the encoder its conditions come from
    /// (<paramref name="upstream"/>) was not retrained since; null when it must be (re)trained. Judges (the
    /// classifier of the other modality, the pose regressor) only score epochs, so retraining them keeps the GANs.
    /// </summary>
    public ModelManifest? Existing(string id, RecipeStep step, params string[] upstream)
    {
        if (force) return null;
        var stored = ModelStore.List(outputRoot);
        var m = stored.FirstOrDefault(m => m.Id == id);
        if (m is null || m.Recipe != recipe.StepId(id, step)) return null;
        if (stored.Any(u => upstream.Contains(u.Id) && u.Created > m.Created)) return null;
        Say(id, "already trained by this recipe: kept");
        return m;
    }

    /// <summary>
    /// A network made or loaded by a step, on the run's device (<see cref="DevicePlacement"/>): done before a trainer
    /// makes its optimiser, so the optimiser's state lives beside the parameters. Every tensor a trainer makes follows
    /// its data's or its network's device.
    /// </summary>
    public T OnDevice<T>(T network) where T : nn.Module => placement.Module(network);

    /// <summary>A loaded split with its tensors on the run's device; the split itself when nothing moves.</summary>
    public LoadedSplit OnDevice(LoadedSplit split)
    {
        if (!placement.Moves) return split;
        var d = split.Data;
        return split with { Data = new PairedTensorDataset(Moved(d.Sounds), Moved(d.Images), d.Labels, d.PieceIds, d.Pose is null ? null : Moved(d.Pose)) };
    }

    /// <summary>The tensor on the device; the CPU copy is freed (a transfer may also hand back the same tensor).</summary>
    Tensor Moved(Tensor t)
    {
        var moved = placement.Input(t);
        if (!ReferenceEquals(moved, t)) t.Dispose();
        return moved;
    }

    /// <summary>The training rows a step uses: all, or at most <paramref name="maxPerClass"/> per instrument (a seeded choice).</summary>
    public int[] Pick(LoadedSplit split, int maxPerClass) => maxPerClass <= 0
        ? Enumerable.Range(0, split.Data.Count).ToArray()
        : GeneratorJudge.PerClassSubset(split.Data.Labels, maxPerClass, recipe.Seed);

    /// <summary>The step's checkpoint folder (<see cref="RecipeCheckpoints.Folder"/>).</summary>
    public string CheckpointFolder(string id, RecipeStep step) =>
        RecipeCheckpoints.Folder(outputRoot, id, recipe.StepId(id, step), message => Say(id, message));

    public StoredModels.Provenance Provenance(string id, RecipeStep step, Dictionary<string, double> metrics) =>
        new(DatasetId, recipe.StepId(id, step), step.Epochs, metrics);

    /// <summary>Records a saved model's step in the training history (written at once) and drops its checkpoints.</summary>
    public void Record(string id, string kind, Stopwatch clock, nn.Module model, List<EpochRecord> epochs, Dictionary<string, double> metrics)
    {
        var parameters = ModelSize.ParameterCount(model);
        var kernels = FastKernels.TakeDecision();
        History = History.With(new StepRecord
        {
            Id = id, Kind = kind, Seconds = Math.Round(clock.Elapsed.TotalSeconds, 1), Threads = recipe.Threads,
            Parameters = parameters, Epochs = epochs, Metrics = metrics, Kernels = kernels,
        });
        History.Write(outputRoot);
        RecipeCheckpoints.Remove(outputRoot, id);
        Say(id, $"saved ({clock.Elapsed.TotalMinutes:F1} min, {parameters:N0} parameters): " +
                string.Join(", ", metrics.Where(kv => kv.Key.Contains("accuracy") || kv.Key.Contains("mae")).Select(kv => $"{kv.Key} {kv.Value:F3}")) +
                (kernels is null ? "" : $"; {kernels}"));
    }

    public IProgress<TrainingProgress> Reporter(string id) => new SyncProgress(p => progress?.Report(new RecipeEvent(id, p)));

    public void Say(string step, string message) => progress?.Report(new RecipeEvent(step, Message: message));

    /// <summary>IProgress that runs on the reporting thread (Progress&lt;T&gt; would post to the thread pool and reorder events).</summary>
    public sealed class SyncProgress(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
