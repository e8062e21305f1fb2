using System.Diagnostics;
using CrossModal.Core.Datasets;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;
using CrossModal.Domain;

namespace CrossModal.Core.Recipes;

/// <summary>
/// How a recipe trains one S2I variant: a GAN from the sound encoder's (or, for S2I-A, the autoencoder's) embedding to
/// a 64x64 image, judged after each epoch by the image classifier on a per-class subset of training and validation
/// sounds (<see cref="GeneratorJudge"/>). S2I-N trains without mismatched pairs; an auxiliary class loss and batch-norm
/// recalibration are set per variant by the recipe.
/// </summary>
internal static class S2ITraining
{
    public static void Train(RecipeRun run, S2IStep step, string variant, UnitLmsEmbedder encoder, string encoderId, ImageClassifier judge,
        LoadedSplit train, LoadedSplit valid, CancellationToken cancel)
    {
        var id = StoredModels.S2IId(variant);
        if (run.Existing(id, step, encoderId) is not null) return;
        var clock = Stopwatch.StartNew();
        Seeding.SeedTorch(run.Seed, id);
        var config = new GanConfig();
        var classWeight = step.ClassLossByVariant.GetValueOrDefault(variant);
        var (g, d) = (new S2IGenerator(config), new S2IDiscriminator(config, classWeight > 0 ? Instruments.All.Count : 0));
        using var subset = train.Data.Subset(run.Pick(train, step.MaxPerClass));
        using var data = GanTrainingData.ForSoundToImage(subset, encoder);
        using var judged = JudgedConditions.Of(run, data, valid.Data.Sounds, valid.Data.Labels, encoder, step.EvaluatePerClass);
        var rule = S2IVariant.TrainsOnWrongPairs(variant) ? WrongPairRule.OtherInstrument : WrongPairRule.None;
        var options = JudgedGanTraining.Options(run, step, step.Beta1, step.PreviewEpochs, id, rule)
            with { AuxiliaryClassWeight = classWeight, BatchNormRecalibrationBatches = step.BatchNormRecalibration };
        var epochs = JudgedGanTraining.Train(run, id, g, d, data, options, cancel, epoch =>
            (GeneratorJudge.ImageAccuracy(g, judged.Train, judged.TrainLabels, judge, run.Seed),
             GeneratorJudge.ImageAccuracy(g, judged.Valid, judged.ValidLabels, judge, run.Seed)), step.KeepBestEpoch);
        var metrics = StepMetrics.Of(epochs, null);
        StoredModels.SaveGan(run.OutputRoot, ModelKinds.S2I, variant, null, config, encoderId, g, d, run.Provenance(id, step, metrics));
        run.Record(id, ModelKinds.S2I, clock, g, epochs, metrics);
    }
}
