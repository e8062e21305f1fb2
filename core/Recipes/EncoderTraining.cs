using System.Diagnostics;
using CrossModal.Core.Imaging;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Recipes;

/// <summary>
/// How a recipe trains the two encoders, the sound and the image classifier (<see cref="ClassifierTrainer{TModel}"/>
/// on clean plus augmented inputs), recording after each epoch the accuracy on the clean training pairs and on the
/// validation pairs.
/// </summary>
internal static class EncoderTraining
{
    public static SoundClassifier TrainSoundEncoder(RecipeRun run, SoundEncoderStep step, LoadedSplit train, LoadedSplit valid, Tensor validUnit,
        CancellationToken cancel)
    {
        const string id = StoredModels.SoundEncoderId;
        if (run.Existing(id, step) is not null) return run.OnDevice(StoredModels.LoadSoundEncoder(run.OutputRoot, id).Model);
        var clock = Stopwatch.StartNew();
        Seeding.SeedTorch(run.Seed, id);
        var model = run.OnDevice(new SoundClassifier(new SoundClassifierConfig { ConvLayers = step.ConvLayers, WhiteningBands = step.Whitening }));
        var picked = run.Pick(train, step.MaxPerClass);
        using var inputs = TrainingAugmentation.Lms(train, picked, step.AugmentedCopies, run.Seed, cancel, step.AugmentationOptions(), run.LossyCodec);
        var labels = Enumerable.Repeat(picked.Select(i => train.Data.Labels[i]), 1 + step.AugmentedCopies).SelectMany(x => x).ToArray();
        using var trainUnitClean = SoundInput.ToUnit(TensorRows.Of(train.Data.Sounds, picked));
        var trainLabels = picked.Select(i => train.Data.Labels[i]).ToArray();
        var (epochs, metrics) = TrainClassifier(run, model, step, id, inputs, labels,
            (trainUnitClean, trainLabels), (validUnit, valid.Data.Labels), cancel);
        StoredModels.SaveSoundEncoder(run.OutputRoot, model, run.Provenance(id, step, metrics));
        run.Record(id, ModelKinds.SoundEncoder, clock, model, epochs, metrics);
        return model;
    }

    public static ImageClassifier TrainImageEncoder(RecipeRun run, ImageEncoderStep step, LoadedSplit train, LoadedSplit valid, CancellationToken cancel)
    {
        const string id = StoredModels.ImageEncoderId;
        if (run.Existing(id, step) is not null) return run.OnDevice(StoredModels.LoadImageEncoder(run.OutputRoot, id).Model);
        var clock = Stopwatch.StartNew();
        Seeding.SeedTorch(run.Seed, id);
        var model = run.OnDevice(new ImageClassifier(new ImageClassifierConfig()));
        var picked = run.Pick(train, step.MaxPerClass);
        using var images = TensorRows.Of(train.Data.Images, picked);
        var labels = picked.Select(i => train.Data.Labels[i]).ToArray();
        using var inputs = TrainingAugmentation.Images(images, step.AugmentedCopies, new ImageAugmentation(), id, run.Seed);
        var inputLabels = Enumerable.Repeat(labels, 1 + step.AugmentedCopies).SelectMany(x => x).ToArray();
        var (epochs, metrics) = TrainClassifier(run, model, step, id, inputs, inputLabels,
            (images, labels), (valid.Data.Images, valid.Data.Labels), cancel);
        StoredModels.SaveImageEncoder(run.OutputRoot, model, run.Provenance(id, step, metrics));
        run.Record(id, ModelKinds.ImageEncoder, clock, model, epochs, metrics);
        return model;
    }

    /// <summary>
    /// Trains a classifier on (possibly augmented) inputs and records, after each epoch, its accuracy on the clean
    /// training pairs and on the validation pairs.
    /// </summary>
    static (List<EpochRecord> Epochs, Dictionary<string, double> Metrics) TrainClassifier<T>(RecipeRun run, T model, EncoderStep step, string id,
        Tensor inputs, int[] labels, (Tensor Inputs, int[] Labels) trainCheck, (Tensor Inputs, int[] Labels) validCheck,
        CancellationToken cancel) where T : nn.Module<Tensor, Tensor>, IEmbeddingClassifier
    {
        var epochs = new List<EpochRecord>();
        var options = new ClassifierTrainingOptions
        {
            Epochs = step.Epochs, BatchSize = step.BatchSize, LearningRate = step.LearningRate, Seed = run.Seed,
            CheckpointDirectory = run.CheckpointFolder(id, step), CosineDecay = step.CosineDecay,
        };
        var trainer = new ClassifierTrainer<T>(model, options)
        {
            Evaluator = (m, epoch) =>
            {
                var acc = (Train: Accuracy(m, trainCheck.Inputs, trainCheck.Labels), Valid: Accuracy(m, validCheck.Inputs, validCheck.Labels));
                epochs.Add(new EpochRecord { Epoch = epoch, TrainAccuracy = acc.Train, ValidationAccuracy = acc.Valid });
                return acc.Valid;
            },
        };
        var result = trainer.Train(inputs, labels, run.Reporter(id), cancel);
        return (epochs, StepMetrics.Of(epochs, result));
    }

    /// <summary>The share classified right; the model goes back to training mode for the rest of its epoch loop.</summary>
    static double Accuracy(nn.Module<Tensor, Tensor> model, Tensor inputs, int[] labels)
    {
        var acc = GeneratorJudge.Accuracy(ClassifierInference.Predict(model, inputs), labels);
        model.train();
        return acc;
    }
}
