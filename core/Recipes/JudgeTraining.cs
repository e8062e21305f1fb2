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
    public PoseJudgeConfig Pose { get; init; } = new();
    /// <summary>Which judges to train (<see cref="ImageJudgeName"/>, <see cref="SoundJudgeName"/>, <see cref="PoseJudgeName"/>); the pose judge needs a dataset with poses, so it is asked for by name.</summary>
    public IReadOnlyList<string> Judges { get; init; } = [ImageJudgeName, SoundJudgeName];
    /// <summary>
    /// Epochs of the pose judge over the training frames and their <see cref="PoseCopies"/> copies: reading a pose is
    /// learnt far slower than an instrument (the pose regressor needs 20 epochs of 3 copies to read unseen frames).
    /// </summary>
    public int PoseEpochs { get; init; } = 10;
    /// <summary>Shifted and recoloured copies of each training frame for the pose judge (never flipped: a flip changes the pose).</summary>
    public int PoseCopies { get; init; } = 2;

    public const string ImageJudgeName = "image";
    public const string SoundJudgeName = "sound";
    public const string PoseJudgeName = "pose";
    public static readonly IReadOnlyList<string> AllJudges = [ImageJudgeName, SoundJudgeName, PoseJudgeName];

    public void Validate()
    {
        if (MetricsPerClass < 0) throw new InvalidInputException($"metrics pairs per class must be >= 0, got {MetricsPerClass}");
        if (Judges is null || Judges.Count == 0) throw new InvalidInputException($"name at least one judge to train: {string.Join(", ", AllJudges)}");
        foreach (var j in Judges)
            if (!AllJudges.Contains(j)) throw new InvalidInputException($"judge '{j}' is not one of {string.Join(", ", AllJudges)}");
        if (PoseEpochs is < 1 or > 1000) throw new InvalidInputException($"pose judge epochs must be 1..1000, got {PoseEpochs}");
        if (PoseCopies is < 0 or > 16) throw new InvalidInputException($"pose judge copies must be 0..16, got {PoseCopies}");
        Options.Validate();
        Image.Validate();
        Sound.Validate();
        Pose.Validate();
    }

    internal ClassifierTrainingOptions Options => new()
    {
        Epochs = Epochs, BatchSize = BatchSize, LearningRate = LearningRate, Seed = Seed, CosineDecay = true,
    };

    /// <summary>What the manifests record as the models' recipe.</summary>
    internal string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"judges: epochs {Epochs}, batch {BatchSize}, lr {LearningRate} cosine, seed {Seed}, {Threads} threads");

    /// <summary>What the pose judge's manifest records as its recipe (its own epochs and copies; Adam at a fixed rate, as the pose regressor).</summary>
    internal string DescribePose() => string.Create(CultureInfo.InvariantCulture,
        $"pose judge: epochs {PoseEpochs}, {PoseCopies} copies, batch {BatchSize}, lr {LearningRate}, seed {Seed}, {Threads} threads");
}

/// <summary>
/// Trains the second, independent judges of issue 17 — <see cref="ImageJudge"/> and <see cref="SoundJudge"/>, and on
/// request <see cref="PoseJudge"/> — on the training split of a dataset and saves them into a model store as
/// <c>judge-image</c>, <c>judge-sound</c> and <c>judge-pose</c>, with
/// figures measured on the validation split (<see cref="JudgeMetrics"/>) in their manifests. Deliberately apart from
/// the training recipe: no generator's training, epoch choice or early stopping ever sees these judges, and nothing
/// about their own training is chosen on validation data (fixed epochs, the last epoch is kept) — with one exception,
/// said where it was made: the pose judge's stem (<see cref="PoseJudgeConfig"/>), changed once after its first
/// configuration read too few poses of real validation frames, before it read any generated image.
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

        if (settings.Judges.Contains(JudgeTrainingSettings.PoseJudgeName) && (train.Data.Pose is null || valid.Data.Pose is null))
            throw new InvalidInputException($"the pose judge needs pose_0..pose_3 in '{datasetRoot}/pairs.csv' (the synthetic dataset has them)");
        var saved = new List<ModelManifest>();
        if (settings.Judges.Contains(JudgeTrainingSettings.ImageJudgeName)) saved.Add(TrainImageJudge(train.Data, valid.Data, measured, datasetId, cancel));
        if (settings.Judges.Contains(JudgeTrainingSettings.SoundJudgeName)) saved.Add(TrainSoundJudge(train.Data, valid.Data, measured, datasetId, cancel));
        if (settings.Judges.Contains(JudgeTrainingSettings.PoseJudgeName)) saved.Add(TrainPoseJudge(train.Data, valid.Data, datasetId, cancel));
        return saved;
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

    /// <summary>
    /// The second pose judge on every training frame and its shifted, recoloured copies; measured on every validation
    /// frame (reading a pose is cheap): its error, and per instrument and parameter Pearson's r between what it reads and
    /// the true pose (a parameter is readable from r ≥ 0.5), with the share of readable (instrument, parameter) pairs.
    /// </summary>
    ModelManifest TrainPoseJudge(PairedTensorDataset train, PairedTensorDataset valid, string datasetId, CancellationToken cancel)
    {
        const string id = StoredModels.PoseJudgeId;
        var clock = Stopwatch.StartNew();
        Seeding.SeedTorch(settings.Seed, id);
        using var model = new PoseJudge(settings.Pose);
        var losses = PoseRegressorTraining.TrainOnFrames(model, train, Enumerable.Range(0, train.Count).ToArray(), settings.PoseCopies, id, new PoseRegressorTrainingOptions
        {
            Epochs = settings.PoseEpochs, BatchSize = settings.BatchSize, LearningRate = settings.LearningRate, Seed = settings.Seed,
        }, Reporter(id), cancel);
        var trainingSeconds = clock.Elapsed.TotalSeconds;
        Say(id, "measuring on the validation split ...");
        var read = PoseRegressorTrainer.Read(model, valid.Images, valid.Labels);
        var truth = PoseRegressorTrainer.Rows(valid.Pose!);
        var metrics = PoseCorrelation.PerInstrumentMetrics(read, truth, valid.Labels);
        if (metrics.Count > 0) metrics["readable_share"] = (double)metrics.Values.Count(r => r >= PoseParameterResult.ReadableFrom) / metrics.Count;
        metrics["mae"] = PoseError.Between(read, truth).MeanAbsoluteError;
        return Save(id, model, datasetId, metrics, new Dictionary<string, double> { ["mse"] = losses[^1] }, valid.Count, trainingSeconds, clock,
            m => StoredModels.SavePoseJudge(outputRoot, model, m with { Recipe = settings.DescribePose(), Epoch = settings.PoseEpochs }));
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
