using CrossModal.Core.Datasets;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;
using CrossModal.Domain;

namespace CrossModal.Core.Recipes;

/// <summary>
/// Trains every model a <see cref="TrainingRecipe"/> asks for, in dependency order (encoders before the GANs
/// conditioned on them, the pose regressor before the pose models it judges), into one model store folder.
/// A model already in the store from the same recipe is kept, not retrained, and a step interrupted mid-way
/// resumes from its last checkpoint (<see cref="RecipeCheckpoints"/>), so rerunning a recipe after a crash only
/// redoes what was lost. Epoch records and costs go to <see cref="TrainingHistory"/>. How each kind of model trains
/// is in its own file: <see cref="EncoderTraining"/>, <see cref="AutoencoderTraining"/>,
/// <see cref="PoseRegressorTraining"/>, <see cref="S2ITraining"/>, <see cref="PoseTraining"/>, <see cref="I2STraining"/>.
/// </summary>
public sealed class RecipeRunner(TrainingRecipe recipe, string datasetRoot, string outputRoot)
{
    public IProgress<RecipeEvent>? Progress { get; init; }
    /// <summary>Retrain models even when the store already has them from this recipe.</summary>
    public bool Force { get; init; }
    /// <summary>
    /// Where the recipe computes; null: the runtime's device (CUDA when this libtorch build and machine have it, as on
    /// the Kubernetes training Job's GPU node, else the CPU). Tests give a placement whose transfer records the moves.
    /// </summary>
    public DevicePlacement? Placement { get; init; }
    /// <summary>
    /// Runs the lossy codec of the sound encoder's augmentation when its step asks for one (<see cref="SoundEncoderStep.Codec"/>);
    /// core starts no processes, so the command line gives ffmpeg's. A recipe that asks for the codec without one is refused.
    /// </summary>
    public Audio.Microphone.ILossyCodec? LossyCodec { get; init; }

    public TrainingHistory Run(CancellationToken cancel = default)
    {
        recipe.Validate();
        if (recipe.SoundEncoder is { Codec: > 0 } && LossyCodec is null)
            throw new InvalidInputException("the sound encoder step's codec augmentation needs a lossy codec (ffmpeg), which only the command line "
                + "(`crossmodal train recipe`) provides; run the recipe there, or set codec to 0.");
        var runtime = TorchRuntime.Initialise(recipe.Threads, "auto");
        var placement = Placement ?? new DevicePlacement(runtime.Device);
        var run = new RecipeRun(recipe, datasetRoot, outputRoot, Force, Progress, placement) { LossyCodec = LossyCodec };
        run.Say("runtime", runtime.Message + (Placement is null ? "" : $"; training on {placement.Device.type.ToString().ToLowerInvariant()}"));
        Directory.CreateDirectory(outputRoot);
        run.History = TrainingHistory.Read(outputRoot) with
        {
            Recipe = recipe.Name,
            Dataset = Path.GetFullPath(datasetRoot),
            Machine = $"{Environment.ProcessorCount} logical CPUs, {runtime.Threads} torch threads, {placement.Device}",
        };

        run.Say("data", $"loading {datasetRoot} ...");
        using var train = run.OnDevice(DatasetTensors.Load(datasetRoot, new DatasetLoadOptions { Split = DatasetSplit.Train, Seed = recipe.Seed }, cancel: cancel));
        using var valid = run.OnDevice(DatasetTensors.Load(datasetRoot, new DatasetLoadOptions { Split = DatasetSplit.Validation, Seed = recipe.Seed }, cancel: cancel));
        run.DatasetId = $"{Path.GetFileName(Path.GetFullPath(datasetRoot))}:{train.Data.Count}+{valid.Data.Count}";
        run.Say("data", $"{train.Data.Count} train and {valid.Data.Count} validation pairs");

        using var validUnit = SoundInput.ToUnit(valid.Data.Sounds);
        // A model the recipe does not train but a later step needs (a condition encoder or a judge) is taken
        // from the store, so single-model commands can build on models trained earlier.
        var soundEncoder = recipe.SoundEncoder is { } se ? EncoderTraining.TrainSoundEncoder(run, se, train, valid, validUnit, cancel)
            : Needed(run, recipe.S2I?.Variants.Any(v => !S2IVariant.ConditionsOnAutoencoder(v)) == true || recipe.S2IDefault is not null
                    || recipe.Pose is not null || recipe.I2S is not null,
                StoredModels.SoundEncoderId, () => StoredModels.LoadSoundEncoder(outputRoot).Model);
        var imageEncoder = recipe.ImageEncoder is { } ie ? EncoderTraining.TrainImageEncoder(run, ie, train, valid, cancel)
            : Needed(run, recipe.S2I is not null || recipe.S2IDefault is not null || recipe.Pose is not null || recipe.I2S is not null,
                StoredModels.ImageEncoderId, () => StoredModels.LoadImageEncoder(outputRoot).Model);
        var autoencoder = recipe.Autoencoder is { } ae ? AutoencoderTraining.Train(run, ae, train, cancel)
            : Needed(run, recipe.S2I?.Variants.Any(S2IVariant.ConditionsOnAutoencoder) == true, StoredModels.AutoencoderId,
                () => StoredModels.LoadAutoencoder(outputRoot).Model);
        var poseRegressor = recipe.PoseRegressor is { } pr ? PoseRegressorTraining.Train(run, pr, train, valid, cancel)
            : ModelStore.List(outputRoot).Any(m => m.Id == StoredModels.PoseRegressorId) ? run.OnDevice(StoredModels.LoadPoseRegressor(outputRoot).Model) : null;

        if (recipe.S2I is { } s2i)
            foreach (var variant in s2i.Variants)
            foreach (var (arm, step) in s2i.ForVariant(variant).ArmSteps())
            {
                var onAutoencoder = S2IVariant.ConditionsOnAutoencoder(variant);
                var encoder = new UnitLmsEmbedder(onAutoencoder ? autoencoder! : soundEncoder!);
                S2ITraining.Train(run, step, variant, arm, encoder, onAutoencoder ? StoredModels.AutoencoderId : StoredModels.SoundEncoderId,
                    imageEncoder!, train, valid, cancel);
            }
        if (recipe.S2IDefault is { } product)
            S2ITraining.Train(run, product, S2IVariant.Classifier, S2IModelIds.DefaultArm, new UnitLmsEmbedder(soundEncoder!),
                StoredModels.SoundEncoderId, imageEncoder!, train, valid, cancel);
        if (recipe.Pose is { } pose)
            foreach (var instrument in pose.Instruments)
                PoseTraining.Train(run, pose, instrument, new UnitLmsEmbedder(soundEncoder!), imageEncoder!, poseRegressor, train, valid, cancel);
        if (recipe.I2S is { } i2s) I2STraining.Train(run, i2s, imageEncoder!, soundEncoder!, train, valid, cancel);

        RecipeCheckpoints.RemoveAll(outputRoot);
        if (GuardedUpdate.RetriedUpdates > 0)
            run.Say("recipe", $"{GuardedUpdate.RetriedUpdates} update(s) were retried after a non-finite loss or gradient (GuardedUpdate)");
        if (KernelCrossCheck.Checks > 0)
            run.Say("recipe", $"{KernelCrossCheck.Checks} update(s) cross-checked on the reference kernels, {KernelCrossCheck.Faults} fault(s)" +
                (KernelCrossCheck.LastFault is { } fault ? $" (last: {fault}; oneDNN was turned off)" : ""));
        return run.History;
    }

    T? Needed<T>(RecipeRun run, bool needed, string id, Func<T> load) where T : TorchSharp.torch.nn.Module
    {
        if (!needed) return null;
        if (!ModelStore.List(outputRoot).Any(m => m.Id == id))
            throw new InvalidInputException($"this training needs the '{id}' model in '{outputRoot}': train it first (or add its step to the recipe).");
        run.Say(id, "using the stored model");
        return run.OnDevice(load());
    }
}
