using System.Diagnostics;
using CrossModal.Core.Audio;
using CrossModal.Core.Audio.Augmentation;
using CrossModal.Core.Datasets;
using CrossModal.Core.Imaging;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Recipes;

/// <summary>What a recipe run reports: the step (model id) and either trainer progress or a line of text.</summary>
public sealed record RecipeEvent(string Step, TrainingProgress? Progress = null, string? Message = null);

/// <summary>
/// Trains every model a <see cref="TrainingRecipe"/> asks for, in dependency order (encoders before the GANs
/// conditioned on them, the pose regressor before the pose models it judges), into one model store folder.
/// A model already in the store from the same recipe is kept, not retrained, and a step interrupted mid-way
/// resumes from its last checkpoint (under the hidden <c>.runs/</c> folder), so rerunning a recipe after a
/// crash only redoes what was lost. Epoch records and costs go to <see cref="TrainingHistory"/>.
/// </summary>
public sealed class RecipeRunner(TrainingRecipe recipe, string datasetRoot, string outputRoot)
{
    public IProgress<RecipeEvent>? Progress { get; init; }
    /// <summary>Retrain models even when the store already has them from this recipe.</summary>
    public bool Force { get; init; }

    TrainingHistory history = new();
    string datasetId = "";

    public TrainingHistory Run(CancellationToken cancel = default)
    {
        recipe.Validate();
        var runtime = TorchRuntime.Initialise(recipe.Threads, "auto");
        Say("runtime", runtime.Message);
        Directory.CreateDirectory(outputRoot);
        history = TrainingHistory.Read(outputRoot) with
        {
            Recipe = recipe.Name,
            Dataset = Path.GetFullPath(datasetRoot),
            Machine = $"{Environment.ProcessorCount} logical CPUs, {runtime.Threads} torch threads, {runtime.Device}",
        };

        Say("data", $"loading {datasetRoot} ...");
        using var train = DatasetTensors.Load(datasetRoot, new DatasetLoadOptions { Split = DatasetSplit.Train, Seed = recipe.Seed }, cancel: cancel);
        using var valid = DatasetTensors.Load(datasetRoot, new DatasetLoadOptions { Split = DatasetSplit.Validation, Seed = recipe.Seed }, cancel: cancel);
        datasetId = $"{Path.GetFileName(Path.GetFullPath(datasetRoot))}:{train.Data.Count}+{valid.Data.Count}";
        Say("data", $"{train.Data.Count} train and {valid.Data.Count} validation pairs");

        using var validUnit = SoundInput.ToUnit(valid.Data.Sounds);
        // A model the recipe does not train but a later step needs (a condition encoder or a judge) is taken
        // from the store, so single-model commands can build on models trained earlier.
        var soundEncoder = recipe.SoundEncoder is { } se ? SoundEncoderStep(se, train, valid, validUnit, cancel)
            : Needed(recipe.S2I?.Variants.Any(v => !S2IVariant.ConditionsOnAutoencoder(v)) == true || recipe.Pose is not null || recipe.I2S is not null,
                StoredModels.SoundEncoderId, () => StoredModels.LoadSoundEncoder(outputRoot).Model);
        var imageEncoder = recipe.ImageEncoder is { } ie ? ImageEncoderStep(ie, train, valid, cancel)
            : Needed(recipe.S2I is not null || recipe.Pose is not null || recipe.I2S is not null,
                StoredModels.ImageEncoderId, () => StoredModels.LoadImageEncoder(outputRoot).Model);
        var autoencoder = recipe.Autoencoder is { } ae ? AutoencoderStep(ae, train, cancel)
            : Needed(recipe.S2I?.Variants.Any(S2IVariant.ConditionsOnAutoencoder) == true, StoredModels.AutoencoderId, () => StoredModels.LoadAutoencoder(outputRoot).Model);
        var poseRegressor = recipe.PoseRegressor is { } pr ? PoseRegressorStep(pr, train, valid, cancel)
            : ModelStore.List(outputRoot).Any(m => m.Id == StoredModels.PoseRegressorId) ? StoredModels.LoadPoseRegressor(outputRoot).Model : null;

        if (recipe.S2I is { } s2i)
            foreach (var variant in s2i.Variants)
            {
                var onAutoencoder = S2IVariant.ConditionsOnAutoencoder(variant);
                var encoder = new UnitLmsEmbedder(onAutoencoder ? autoencoder! : soundEncoder!);
                S2IStep(s2i.ForVariant(variant), variant, encoder, onAutoencoder ? StoredModels.AutoencoderId : StoredModels.SoundEncoderId,
                    imageEncoder!, train, valid, cancel);
            }
        if (recipe.Pose is { } pose)
            foreach (var instrument in pose.Instruments)
                PoseStep(pose, instrument, new UnitLmsEmbedder(soundEncoder!), imageEncoder!, poseRegressor, train, valid, cancel);
        if (recipe.I2S is { } i2s) I2SStep(i2s, imageEncoder!, soundEncoder!, train, valid, cancel);

        var runs = Path.Combine(outputRoot, ".runs");
        if (Directory.Exists(runs)) Directory.Delete(runs, recursive: true);
        if (GuardedUpdate.RetriedUpdates > 0)
            Say("recipe", $"{GuardedUpdate.RetriedUpdates} update(s) were retried after a non-finite loss or gradient (GuardedUpdate)");
        return history;
    }

    T? Needed<T>(bool needed, string id, Func<T> load) where T : class
    {
        if (!needed) return null;
        if (!ModelStore.List(outputRoot).Any(m => m.Id == id))
            throw new InvalidInputException($"this training needs the '{id}' model in '{outputRoot}': train it first (or add its step to the recipe).");
        Say(id, "using the stored model");
        return load();
    }

    // ---- encoders ------------------------------------------------------------------------------------

    SoundClassifier SoundEncoderStep(SoundEncoderStep step, LoadedSplit train, LoadedSplit valid, Tensor validUnit, CancellationToken cancel)
    {
        const string id = StoredModels.SoundEncoderId;
        if (Existing(id, step) is not null) return StoredModels.LoadSoundEncoder(outputRoot, id).Model;
        var clock = Stopwatch.StartNew();
        Seeding.SeedTorch(recipe.Seed, id);
        var model = new SoundClassifier(new SoundClassifierConfig { ConvLayers = step.ConvLayers });
        var picked = Pick(train, step.MaxPerClass);
        using var inputs = AugmentedLms(train, picked, step.AugmentedCopies, cancel);
        var labels = Enumerable.Repeat(picked.Select(i => train.Data.Labels[i]), 1 + step.AugmentedCopies).SelectMany(x => x).ToArray();
        using var trainUnitClean = SoundInput.ToUnit(Rows(train.Data.Sounds, picked));
        var trainLabels = picked.Select(i => train.Data.Labels[i]).ToArray();
        var (epochs, metrics) = TrainClassifier(model, step, id, inputs, labels,
            (trainUnitClean, trainLabels), (validUnit, valid.Data.Labels), cancel);
        StoredModels.SaveSoundEncoder(outputRoot, model, Provenance(id, step, metrics));
        Record(id, ModelKinds.SoundEncoder, clock, model, epochs, metrics);
        return model;
    }

    ImageClassifier ImageEncoderStep(ImageEncoderStep step, LoadedSplit train, LoadedSplit valid, CancellationToken cancel)
    {
        const string id = StoredModels.ImageEncoderId;
        if (Existing(id, step) is not null) return StoredModels.LoadImageEncoder(outputRoot, id).Model;
        var clock = Stopwatch.StartNew();
        Seeding.SeedTorch(recipe.Seed, id);
        var model = new ImageClassifier(new ImageClassifierConfig());
        var picked = Pick(train, step.MaxPerClass);
        using var images = Rows(train.Data.Images, picked);
        var labels = picked.Select(i => train.Data.Labels[i]).ToArray();
        using var inputs = WithAugmentedImages(images, step.AugmentedCopies, new ImageAugmentation(), id);
        var inputLabels = Enumerable.Repeat(labels, 1 + step.AugmentedCopies).SelectMany(x => x).ToArray();
        var (epochs, metrics) = TrainClassifier(model, step, id, inputs, inputLabels,
            (images, labels), (valid.Data.Images, valid.Data.Labels), cancel);
        StoredModels.SaveImageEncoder(outputRoot, model, Provenance(id, step, metrics));
        Record(id, ModelKinds.ImageEncoder, clock, model, epochs, metrics);
        return model;
    }

    StackedAutoencoder AutoencoderStep(AutoencoderStep step, LoadedSplit train, CancellationToken cancel)
    {
        const string id = StoredModels.AutoencoderId;
        if (Existing(id, step) is not null) return StoredModels.LoadAutoencoder(outputRoot, id).Model;
        var clock = Stopwatch.StartNew();
        Seeding.SeedTorch(recipe.Seed, id);
        var model = new StackedAutoencoder(new AutoencoderConfig());
        using var inputs = SoundInput.ToUnit(Rows(train.Data.Sounds, Pick(train, step.MaxPerClass)));
        var mse = new AutoencoderTrainer(model, new AutoencoderTrainingOptions
        {
            EpochsPerStack = step.Epochs, BatchSize = step.BatchSize, LearningRate = step.LearningRate, Seed = recipe.Seed,
        }).Train(inputs, Reporter(id), cancel);
        var metrics = mse.Select((v, k) => (k, v)).ToDictionary(t => $"stack{t.k + 1}_mse", t => t.v);
        StoredModels.SaveAutoencoder(outputRoot, model, Provenance(id, step, metrics));
        Record(id, ModelKinds.Autoencoder, clock, model, [], metrics);
        return model;
    }

    PoseRegressor PoseRegressorStep(PoseRegressorStep step, LoadedSplit train, LoadedSplit valid, CancellationToken cancel)
    {
        const string id = StoredModels.PoseRegressorId;
        if (Existing(id, step) is not null) return StoredModels.LoadPoseRegressor(outputRoot, id).Model;
        if (train.Data.Pose is null || valid.Data.Pose is null)
            throw new InvalidInputException($"the pose regressor needs pose_0..pose_3 in '{datasetRoot}/pairs.csv' (the synthetic dataset has them).");
        var clock = Stopwatch.StartNew();
        Seeding.SeedTorch(recipe.Seed, id);
        var model = new PoseRegressor(new PoseRegressorConfig());
        var picked = Pick(train, step.MaxPerClass);
        using var clean = Rows(train.Data.Images, picked);
        using var images = WithAugmentedImages(clean, step.AugmentedCopies, new ImageAugmentation { FlipProbability = 0 }, id);
        using var cleanPose = Rows(train.Data.Pose, picked);
        using var pose = cat(Enumerable.Repeat(cleanPose, 1 + step.AugmentedCopies).ToArray(), 0);
        var instruments = Enumerable.Repeat(picked.Select(i => train.Data.Labels[i]), 1 + step.AugmentedCopies).SelectMany(x => x).ToArray();
        var losses = new PoseRegressorTrainer(model, new PoseRegressorTrainingOptions
        {
            Epochs = step.Epochs, BatchSize = step.BatchSize, LearningRate = step.LearningRate, Seed = recipe.Seed,
        }).Train(images, instruments, pose, Reporter(id), cancel);
        var mae = PoseRegressorTrainer.MeanAbsoluteError(model, valid.Data.Images, valid.Data.Labels, valid.Data.Pose);
        var metrics = mae.Select((v, k) => (k, v)).ToDictionary(t => $"validation_mae_pose_{t.k}", t => t.v);
        metrics["validation_mae"] = mae.Average();
        StoredModels.SavePoseRegressor(outputRoot, model, Provenance(id, step, metrics));
        Record(id, ModelKinds.PoseRegressor, clock, model,
            losses.Select((l, e) => new EpochRecord { Epoch = e + 1, Losses = new() { ["loss"] = l } }).ToList(), metrics);
        return model;
    }

    /// <summary>
    /// Trains a classifier on (possibly augmented) inputs and records, after each epoch, its accuracy on the clean
    /// training pairs and on the validation pairs.
    /// </summary>
    (List<EpochRecord> Epochs, Dictionary<string, double> Metrics) TrainClassifier<T>(T model, RecipeStep step, string id,
        Tensor inputs, int[] labels, (Tensor Inputs, int[] Labels) trainCheck, (Tensor Inputs, int[] Labels) validCheck,
        CancellationToken cancel) where T : nn.Module<Tensor, Tensor>, IEmbeddingClassifier
    {
        var epochs = new List<EpochRecord>();
        var trainer = new ClassifierTrainer<T>(model, ClassifierOptions(step, id))
        {
            Evaluator = (m, epoch) =>
            {
                var acc = (Train: ClassifierAccuracy(m, trainCheck.Inputs, trainCheck.Labels), Valid: ClassifierAccuracy(m, validCheck.Inputs, validCheck.Labels));
                epochs.Add(new EpochRecord { Epoch = epoch, TrainAccuracy = acc.Train, ValidationAccuracy = acc.Valid });
                return acc.Valid;
            },
        };
        var result = trainer.Train(inputs, labels, Reporter(id), cancel);
        return (epochs, Metrics(epochs, result));
    }

    // ---- GANs ----------------------------------------------------------------------------------------

    void S2IStep(S2IStep step, string variant, UnitLmsEmbedder encoder, string encoderId, ImageClassifier judge,
        LoadedSplit train, LoadedSplit valid, CancellationToken cancel)
    {
        var id = StoredModels.S2IId(variant);
        if (Existing(id, step, encoderId) is not null) return;
        var clock = Stopwatch.StartNew();
        Seeding.SeedTorch(recipe.Seed, id);
        var config = new GanConfig();
        var classWeight = step.ClassLossByVariant.GetValueOrDefault(variant);
        var (g, d) = (new S2IGenerator(config), new S2IDiscriminator(config, classWeight > 0 ? Instruments.All.Count : 0));
        using var subset = train.Data.Subset(Pick(train, step.MaxPerClass));
        using var data = GanTrainingData.ForSoundToImage(subset, encoder);
        var judgeTrain = GeneratorJudge.PerClassSubset(data.Labels, step.EvaluatePerClass, recipe.Seed);
        var judgeValid = GeneratorJudge.PerClassSubset(valid.Data.Labels, step.EvaluatePerClass, recipe.Seed);
        using var trainCond = Rows(data.Conditions, judgeTrain);
        using var validSounds = Rows(valid.Data.Sounds, judgeValid);
        using var validCond = GanTrainingData.EmbedAll(validSounds, encoder, 256);
        var trainLabels = judgeTrain.Select(i => data.Labels[i]).ToArray();
        var validLabels = judgeValid.Select(i => valid.Data.Labels[i]).ToArray();
        var options = GanOptions(step, step.Beta1, step.PreviewEpochs, id, S2IVariant.TrainsOnWrongPairs(variant) ? WrongPairRule.OtherInstrument : WrongPairRule.None)
            with { AuxiliaryClassWeight = classWeight, BatchNormRecalibrationBatches = step.BatchNormRecalibration };
        var epochs = TrainGan(id, g, d, data, options, cancel, epoch =>
            (GeneratorJudge.ImageAccuracy(g, trainCond, trainLabels, judge, recipe.Seed),
             GeneratorJudge.ImageAccuracy(g, validCond, validLabels, judge, recipe.Seed)), step.KeepBestEpoch);
        var metrics = Metrics(epochs, null);
        StoredModels.SaveGan(outputRoot, ModelKinds.S2I, variant, null, config, encoderId, g, d, Provenance(id, step, metrics));
        Record(id, ModelKinds.S2I, clock, g, epochs, metrics);
    }

    void PoseStep(PoseStep step, string instrument, UnitLmsEmbedder encoder, ImageClassifier judge, PoseRegressor? poseJudge,
        LoadedSplit train, LoadedSplit valid, CancellationToken cancel)
    {
        var id = StoredModels.PoseId(instrument);
        if (Existing(id, step, StoredModels.SoundEncoderId) is not null) return;
        var clock = Stopwatch.StartNew();
        Seeding.SeedTorch(recipe.Seed, id);
        var label = Instruments.IndexOf(instrument);
        var config = new GanConfig();
        var (g, d) = (new S2IGenerator(config), new S2IDiscriminator(config));
        using var own = train.Data.OfClass(label);
        using var data = GanTrainingData.ForSoundToImage(own, encoder);
        using var validOwn = valid.Data.OfClass(label);
        using var validCond = GanTrainingData.EmbedAll(validOwn.Sounds, encoder, 256);
        // Another piece never shares this frame's note and pose timing; a dataset with a single piece of the
        // instrument only allows the paper's weaker rule (any other frame).
        var rule = own.PieceIds.Distinct().Count() >= 2 ? WrongPairRule.SameInstrumentOtherPiece : WrongPairRule.SameInstrumentOtherFrame;
        if (rule == WrongPairRule.SameInstrumentOtherFrame) Say(id, "only one piece of this instrument: wrong pairs are other frames of it");
        var options = GanOptions(step, step.Beta1, step.PreviewEpochs, id, rule);
        var epochs = TrainGan(id, g, d, data, options, cancel, epoch =>
            (null, GeneratorJudge.ImageAccuracy(g, validCond, validOwn.Labels, judge, recipe.Seed)));
        var metrics = Metrics(epochs, null);
        if (poseJudge is not null && validOwn.Pose is not null)
        {
            using var generated = GeneratorJudge.Generate(g, validCond, recipe.Seed);
            var mae = PoseRegressorTrainer.MeanAbsoluteError(poseJudge, generated, validOwn.Labels, validOwn.Pose);
            var realMae = PoseRegressorTrainer.MeanAbsoluteError(poseJudge, validOwn.Images, validOwn.Labels, validOwn.Pose);
            metrics["validation_pose_mae"] = mae.Average();
            metrics["validation_pose_mae_real_images"] = realMae.Average();
            // Chance level: the error of predicting each pair's pose as the mean pose of the instrument.
            using var mean = validOwn.Pose.mean([0], keepdim: true);
            metrics["validation_pose_mae_mean_pose"] = (validOwn.Pose - mean).abs().mean().item<float>();
        }
        StoredModels.SaveGan(outputRoot, ModelKinds.Pose, null, instrument, config, StoredModels.SoundEncoderId, g, d, Provenance(id, step, metrics));
        Record(id, ModelKinds.Pose, clock, g, epochs, metrics);
    }

    void I2SStep(I2SStep step, ImageClassifier encoder, SoundClassifier judge, LoadedSplit train, LoadedSplit valid, CancellationToken cancel)
    {
        const string id = StoredModels.I2SId;
        if (Existing(id, step, StoredModels.ImageEncoderId) is not null) return;
        var clock = Stopwatch.StartNew();
        Seeding.SeedTorch(recipe.Seed, id);
        var config = new GanConfig();
        var (g, d) = (new I2SGenerator(config), new I2SDiscriminator(config));
        using var subset = train.Data.Subset(Pick(train, step.MaxPerClass));
        using var data = GanTrainingData.ForImageToSound(subset, encoder, SoundInput.Normalisation);
        var judgeTrain = GeneratorJudge.PerClassSubset(data.Labels, step.EvaluatePerClass, recipe.Seed);
        var judgeValid = GeneratorJudge.PerClassSubset(valid.Data.Labels, step.EvaluatePerClass, recipe.Seed);
        using var trainCond = Rows(data.Conditions, judgeTrain);
        using var validImages = Rows(valid.Data.Images, judgeValid);
        using var validCond = GanTrainingData.EmbedAll(validImages, encoder, 256);
        var trainLabels = judgeTrain.Select(i => data.Labels[i]).ToArray();
        var validLabels = judgeValid.Select(i => valid.Data.Labels[i]).ToArray();
        var options = GanOptions(step, step.Beta1, [], id, WrongPairRule.OtherInstrument);
        var epochs = TrainGan(id, g, d, data, options, cancel, epoch =>
            (GeneratorJudge.SoundAccuracy(g, trainCond, trainLabels, judge, recipe.Seed),
             GeneratorJudge.SoundAccuracy(g, validCond, validLabels, judge, recipe.Seed)), step.KeepBestEpoch);
        var metrics = Metrics(epochs, null);
        StoredModels.SaveGan(outputRoot, ModelKinds.I2S, null, null, config, StoredModels.ImageEncoderId, g, d, Provenance(id, step, metrics));
        Record(id, ModelKinds.I2S, clock, g, epochs, metrics);
    }

    /// <summary>
    /// Runs a GAN trainer, judging after each epoch and saving preview grids; returns the epoch records. With
    /// <paramref name="keepBest"/>, G ends as it was after the epoch with the best training-condition accuracy, and
    /// that epoch's record is marked <see cref="EpochRecord.Selected"/> (D stays as trained last).
    /// </summary>
    List<EpochRecord> TrainGan(string id, ConditionalGenerator g, ConditionalDiscriminator d, GanTrainingData data,
        GanTrainingOptions options, CancellationToken cancel, Func<int, (double? Train, double Valid)> judge, bool keepBest = false)
    {
        var accuracies = new Dictionary<int, (double? Train, double Valid)>();
        var epochs = new List<EpochRecord>();
        var reporter = Reporter(id);
        using var best = new BestEpochSnapshot(g);
        var trainer = new GanTrainer(g, d, options)
        {
            Evaluator = (_, epoch) =>
            {
                var acc = judge(epoch);
                accuracies[epoch] = acc;
                if (keepBest && acc.Train is double t) best.Offer(epoch, t);
                return acc.Valid;
            },
        };
        trainer.Train(data, new SyncProgress(p =>
        {
            reporter.Report(p);
            if (!p.EpochCompleted) return;
            string? preview = null;
            if (p.Preview is { } grid)
            {
                preview = $"previews/{id}-epoch{p.Epoch:D3}.png";
                var png = ImageGrid.PngFromBatch(grid.Data, grid.Shape, columns: 13);
                AtomicFile.WriteAllBytes(Path.Combine(outputRoot, preview), png);
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
            Say(id, $"kept epoch {chosen} (best judged accuracy on training conditions, {best.Score:F3})");
        }
        return epochs.Select(e => e.Epoch == chosen ? e with { Selected = true } : e).ToList();
    }

    // ---- helpers -------------------------------------------------------------------------------------

    GanTrainingOptions GanOptions(RecipeStep step, double beta1, int[] previewEpochs, string id, WrongPairRule rule) => new()
    {
        Epochs = step.Epochs, BatchSize = step.BatchSize, LearningRate = step.LearningRate, Beta1 = beta1, Seed = recipe.Seed,
        WrongPairs = rule, CheckpointDirectory = CheckpointFolder(id, step), PreviewEpochs = previewEpochs.ToHashSet(), PreviewCount = 13,
    };

    ClassifierTrainingOptions ClassifierOptions(RecipeStep step, string id) => new()
    {
        Epochs = step.Epochs, BatchSize = step.BatchSize, LearningRate = step.LearningRate, Seed = recipe.Seed,
        CheckpointDirectory = CheckpointFolder(id, step), CosineDecay = step is EncoderStep { CosineDecay: true },
    };

    /// <summary>
    /// The step's checkpoint folder, <c>.runs/&lt;id&gt;</c>. Checkpoints left by the same step settings are kept (the
    /// trainer resumes from them); ones left by other settings of that model are stale and removed.
    /// </summary>
    string CheckpointFolder(string id, RecipeStep step)
    {
        var folder = Path.Combine(outputRoot, ".runs", id);
        var marker = Path.Combine(folder, "step.txt");
        var stepId = recipe.StepId(id, step);
        if (Directory.Exists(folder) && (!File.Exists(marker) || File.ReadAllText(marker) != stepId))
        {
            Say(id, "removing checkpoints of other settings of this model");
            Directory.Delete(folder, recursive: true);
        }
        Directory.CreateDirectory(folder);
        File.WriteAllText(marker, stepId);
        return folder;
    }

    /// <summary>Unit-scaled LMS of the picked training chunks followed by <paramref name="copies"/> augmented versions of each.</summary>
    Tensor AugmentedLms(LoadedSplit train, int[] picked, int copies, CancellationToken cancel)
    {
        int size = AudioFrontEnd.MelBands * AudioFrontEnd.ChunkFrames, n = picked.Length;
        var lms = new float[(long)n * copies * size];
        Parallel.For(0, n * copies, new ParallelOptions { CancellationToken = cancel }, k =>
        {
            int copy = k / n, row = picked[k % n];
            var rng = Seeding.Stream(recipe.Seed, $"augment-{copy}", row);
            var augmented = AudioAugmenter.Augment(train.Chunks[row], AudioFrontEnd.SampleRate, rng);
            MelSpectrogram.Compute(augmented, lms.AsSpan(k * size, size), log: true);
        });
        using var clean = Rows(train.Data.Sounds, picked);
        using var extra = tensor(lms, [n * copies, 1, AudioFrontEnd.MelBands, AudioFrontEnd.ChunkFrames]);
        using var all = cat([clean, extra], 0);
        return SoundInput.ToUnit(all);
    }

    /// <summary><paramref name="images"/> followed by <paramref name="copies"/> seeded augmented versions of each.</summary>
    Tensor WithAugmentedImages(Tensor images, int copies, ImageAugmentation augmentation, string purpose)
    {
        if (copies == 0) return images.clone();
        int n = (int)images.shape[0], h = (int)images.shape[2], w = (int)images.shape[3], size = 3 * h * w;
        var source = images.contiguous().data<float>().ToArray();
        var extra = new float[(long)n * copies * size];
        Parallel.For(0, n * copies, k =>
        {
            var rng = Seeding.Stream(recipe.Seed, $"{purpose}-augment-{k / n}", k % n);
            augmentation.Apply(source.AsSpan(k % n * size, size), h, w, rng).CopyTo(extra.AsSpan(k * size, size));
        });
        using var augmented = tensor(extra, [n * copies, 3, h, w]);
        return cat([images, augmented], 0);
    }

    static double ClassifierAccuracy(nn.Module<Tensor, Tensor> model, Tensor inputs, int[] labels)
    {
        var acc = GeneratorJudge.Accuracy(ClassifierInference.Predict(model, inputs), labels);
        model.train();
        return acc;
    }

    int[] Pick(LoadedSplit split, int maxPerClass) => maxPerClass <= 0
        ? Enumerable.Range(0, split.Data.Count).ToArray()
        : GeneratorJudge.PerClassSubset(split.Data.Labels, maxPerClass, recipe.Seed);

    static Tensor Rows(Tensor t, int[] rows)
    {
        using var idx = tensor(rows.Select(i => (long)i).ToArray());
        return t.index_select(0, idx);
    }

    /// <summary>
    /// The stored model <paramref name="id"/> if this step made it and the encoder its conditions come from
    /// (<paramref name="upstream"/>) was not retrained since; null when it must be (re)trained. Judges (the
    /// classifier of the other modality, the pose regressor) only score epochs, so retraining them keeps the GANs.
    /// </summary>
    ModelManifest? Existing(string id, RecipeStep step, params string[] upstream)
    {
        if (Force) return null;
        var stored = ModelStore.List(outputRoot);
        var m = stored.FirstOrDefault(m => m.Id == id);
        if (m is null || m.Recipe != recipe.StepId(id, step)) return null;
        if (stored.Any(u => upstream.Contains(u.Id) && u.Created > m.Created)) return null;
        Say(id, "already trained by this recipe: kept");
        return m;
    }

    StoredModels.Provenance Provenance(string id, RecipeStep step, Dictionary<string, double> metrics) =>
        new(datasetId, recipe.StepId(id, step), step.Epochs, metrics);

    /// <summary>The final (or selected) epoch's accuracies and losses, and the last losses a trainer reported.</summary>
    static Dictionary<string, double> Metrics(List<EpochRecord> epochs, TrainingResult? result)
    {
        var m = new Dictionary<string, double>();
        if ((epochs.LastOrDefault(e => e.Selected) ?? epochs.LastOrDefault()) is { } last)
        {
            if (last.Selected) m["selected_epoch"] = last.Epoch;
            if (last.TrainAccuracy is double t) m["train_accuracy"] = t;
            if (last.ValidationAccuracy is double v) m["validation_accuracy"] = v;
            foreach (var (k, v2) in last.Losses) m[$"loss_{k}"] = v2;
        }
        if (result is not null) foreach (var (k, v) in result.LastEpochLosses) m[$"loss_{k}"] = v;
        return m;
    }

    void Record(string id, string kind, Stopwatch clock, nn.Module model, List<EpochRecord> epochs, Dictionary<string, double> metrics)
    {
        var parameters = ModelSize.ParameterCount(model);
        history = history.With(new StepRecord
        {
            Id = id, Kind = kind, Seconds = Math.Round(clock.Elapsed.TotalSeconds, 1), Threads = recipe.Threads,
            Parameters = parameters, Epochs = epochs, Metrics = metrics,
        });
        history.Write(outputRoot);
        var checkpoints = Path.Combine(outputRoot, ".runs", id);
        if (Directory.Exists(checkpoints)) Directory.Delete(checkpoints, recursive: true);
        Say(id, $"saved ({clock.Elapsed.TotalMinutes:F1} min, {parameters:N0} parameters): " +
                string.Join(", ", metrics.Where(kv => kv.Key.Contains("accuracy") || kv.Key.Contains("mae")).Select(kv => $"{kv.Key} {kv.Value:F3}")));
    }

    IProgress<TrainingProgress> Reporter(string id) => new SyncProgress(p => Progress?.Report(new RecipeEvent(id, p)));

    void Say(string step, string message) => Progress?.Report(new RecipeEvent(step, Message: message));

    /// <summary>IProgress that runs on the reporting thread (Progress&lt;T&gt; would post to the thread pool and reorder events).</summary>
    sealed class SyncProgress(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
