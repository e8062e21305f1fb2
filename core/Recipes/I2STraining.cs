using System.Diagnostics;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;

namespace CrossModal.Core.Recipes;

/// <summary>
/// How a recipe trains I2S: a GAN from the image encoder's embedding to a 128x34 LMS, judged after each epoch by the
/// sound classifier on a per-class subset of training and validation images (<see cref="GeneratorJudge.SoundAccuracy"/>);
/// mode seeking when the step asks for it (<see cref="I2SStep.ModeSeeking"/>).
/// </summary>
internal static class I2STraining
{
    public static void Train(RecipeRun run, I2SStep step, ImageClassifier encoder, SoundClassifier judge, LoadedSplit train, LoadedSplit valid,
        CancellationToken cancel)
    {
        const string id = StoredModels.I2SId;
        if (run.Existing(id, step, StoredModels.ImageEncoderId) is not null) return;
        var clock = Stopwatch.StartNew();
        Seeding.SeedTorch(run.Seed, id);
        var config = new GanConfig();
        var (g, d) = (run.OnDevice(new I2SGenerator(config)), run.OnDevice(new I2SDiscriminator(config)));
        using var subset = train.Data.Subset(run.Pick(train, step.MaxPerClass));
        using var data = GanTrainingData.ForImageToSound(subset, encoder, SoundInput.Normalisation);
        using var judged = JudgedConditions.Of(run, data, valid.Data.Images, valid.Data.Labels, encoder, step.EvaluatePerClass);
        var options = JudgedGanTraining.Options(run, step, step.Beta1, [], id, WrongPairRule.OtherInstrument) with { ModeSeekingWeight = step.ModeSeeking };
        var epochs = JudgedGanTraining.Train(run, id, g, d, data, options, cancel, epoch =>
            (GeneratorJudge.SoundAccuracy(g, judged.Train, judged.TrainLabels, judge, run.Seed),
             GeneratorJudge.SoundAccuracy(g, judged.Valid, judged.ValidLabels, judge, run.Seed)), step.KeepBestEpoch);
        var metrics = StepMetrics.Of(epochs, null);
        StoredModels.SaveGan(run.OutputRoot, ModelKinds.I2S, null, null, config, StoredModels.ImageEncoderId, g, d, run.Provenance(id, step, metrics));
        run.Record(id, ModelKinds.I2S, clock, g, epochs, metrics);
    }
}
