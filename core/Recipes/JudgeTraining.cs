using System.Diagnostics;
using System.Globalization;
using CrossModal.Core.Datasets;
using CrossModal.Core.Evaluation;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;
using static TorchSharp.torch;

namespace CrossModal.Core.Recipes;

/// <summary>Settings of a second-judges run (<c>crossmodal train judges</c>).</summary>
public sealed record JudgeTrainingSettings
{
    public int Epochs { get; init; } = 1;
    public int BatchSize { get; init; } = 32;
    public double LearningRate { get; init; } = 1e-3;
    public long Seed { get; init; } = 1;
    public int Threads { get; init; } = Math.Max(1, Environment.ProcessorCount);
    /// <summary>Validation pairs per instrument the manifest's figures are measured on (a seeded choice; 0: all).</summary>
    public int MetricsPerClass { get; init; } = 60;
    public ImageJudgeConfig Image { get; init; } = new();
    public SoundJudgeConfig Sound { get; init; } = new();

    public void Validate()
    {
        if (MetricsPerClass < 0) throw new InvalidInputException($"metrics pairs per class must be >= 0, got {MetricsPerClass}");
        Options.Validate();
        Image.Validate();
        Sound.Validate();
    }

    internal ClassifierTrainingOptions Options => new()
    {
        Epochs = Epochs, BatchSize = BatchSize, LearningRate = LearningRate, Seed = Seed, CosineDecay = true,
    };

    /// <summary>What the manifests record as the models' recipe.</summary>
    internal string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"judges: epochs {Epochs}, batch {BatchSize}, lr {LearningRate} cosine, seed {Seed}, {Threads} threads");
}

/// <summary>
/// Trains the two second, independent judges of issue 17 — <see cref="ImageJudge"/> and <see cref="SoundJudge"/> — on
/// the training split of a dataset and saves them into a model store as <c>judge-image</c> and <c>judge-sound</c>, with
/// figures measured on the validation split (<see cref="JudgeMetrics"/>) in their manifests. Deliberately apart from
/// the training recipe: no generator's training, epoch choice or early stopping ever sees these judges, and nothing
/// about their own training is chosen on validation data (fixed epochs, the last epoch is kept).
/// </summary>
public sealed class JudgeTraining(string datasetRoot, string outputRoot, JudgeTrainingSettings settings)
{
    public IProgress<RecipeEvent>? Progress { get; init; }

    public IReadOnlyList<ModelManifest> Run(CancellationToken cancel = default)
    {
        settings.Validate();
        var runtime = TorchRuntime.Initialise(settings.Threads, "auto");
        Say("runtime", runtime.Message);
        Say("data", $"loading {datasetRoot} ...");
        using var train = DatasetTensors.Load(datasetRoot, new DatasetLoadOptions { Split = DatasetSplit.Train, Seed = settings.Seed }, cancel: cancel);
        using var valid = DatasetTensors.Load(datasetRoot, new DatasetLoadOptions { Split = DatasetSplit.Validation, Seed = settings.Seed }, cancel: cancel);
        var datasetId = $"{Path.GetFileName(Path.GetFullPath(datasetRoot))}:{train.Data.Count}+{valid.Data.Count}";
        Say("data", $"{train.Data.Count} train and {valid.Data.Count} validation pairs");
        var measured = settings.MetricsPerClass == 0
            ? Enumerable.Range(0, valid.Data.Count).ToArray()
            : GeneratorJudge.PerClassSubset(valid.Data.Labels, settings.MetricsPerClass, settings.Seed);

        var image = TrainImageJudge(train.Data, valid.Data, measured, datasetId, cancel);
        var sound = TrainSoundJudge(train.Data, valid.Data, measured, datasetId, cancel);
        return [image, sound];
    }

    ModelManifest TrainImageJudge(PairedTensorDataset train, PairedTensorDataset valid, int[] measured, string datasetId, CancellationToken cancel)
    {
        const string id = StoredModels.ImageJudgeId;
        var clock = Stopwatch.StartNew();
        Seeding.SeedTorch(settings.Seed, id);
        using var model = new ImageJudge(settings.Image);
        var last = new ImageJudgeTrainer(model, settings.Options).Train(train.Images, train.Labels, Reporter(id), cancel);
        var trainingSeconds = clock.Elapsed.TotalSeconds;
        Say(id, "measuring on the validation split ...");
        using var images = Rows(valid.Images, measured);
        var metrics = JudgeMetrics.Image(model, images, measured.Select(i => valid.Labels[i]).ToArray());
        return Save(id, model, datasetId, metrics, last, measured.Length, trainingSeconds, clock,
            m => StoredModels.SaveImageJudge(outputRoot, model, m));
    }

    ModelManifest TrainSoundJudge(PairedTensorDataset train, PairedTensorDataset valid, int[] measured, string datasetId, CancellationToken cancel)
    {
        const string id = StoredModels.SoundJudgeId;
        var clock = Stopwatch.StartNew();
        Seeding.SeedTorch(settings.Seed, id);
        using var model = new SoundJudge(settings.Sound);
        using var trainLms = SoundInput.ToUnit(train.Sounds);
        var last = new SoundJudgeTrainer(model, settings.Options).Train(trainLms, train.Labels, Reporter(id), cancel);
        var trainingSeconds = clock.Elapsed.TotalSeconds;
        Say(id, "measuring on the validation split ...");
        using var validDb = Rows(valid.Sounds, measured);
        using var validLms = SoundInput.ToUnit(validDb);
        var metrics = JudgeMetrics.Sound(model, validLms, measured.Select(i => valid.Labels[i]).ToArray(), settings.Seed);
        return Save(id, model, datasetId, metrics, last, measured.Length, trainingSeconds, clock,
            m => StoredModels.SaveSoundJudge(outputRoot, model, m));
    }

    ModelManifest Save(string id, nn.Module model, string datasetId, Dictionary<string, double> validation,
        IReadOnlyDictionary<string, double> lastEpoch, int measured, double trainingSeconds, Stopwatch clock,
        Func<StoredModels.Provenance, ModelManifest> save)
    {
        var metrics = validation.ToDictionary(kv => $"validation_{kv.Key}", kv => kv.Value);
        metrics["validation_n"] = measured;
        foreach (var (k, v) in lastEpoch) metrics[$"train_{k}"] = v;
        metrics["training_seconds"] = Math.Round(trainingSeconds, 1);
        metrics["parameters"] = ModelSize.ParameterCount(model);
        var manifest = save(new StoredModels.Provenance(datasetId, settings.Describe(), settings.Epochs, metrics));
        Say(id, $"saved ({clock.Elapsed.TotalMinutes:F1} min): " +
                string.Join(", ", validation.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:F3}"))));
        return manifest;
    }

    static Tensor Rows(Tensor t, int[] rows)
    {
        using var idx = tensor(rows.Select(i => (long)i).ToArray());
        return t.index_select(0, idx);
    }

    IProgress<TrainingProgress> Reporter(string id) => new InlineProgress<TrainingProgress>(p => Progress?.Report(new RecipeEvent(id, p)));

    void Say(string step, string message) => Progress?.Report(new RecipeEvent(step, Message: message));
}
