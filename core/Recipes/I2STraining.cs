using System.Diagnostics;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;
using CrossModal.Domain;

namespace CrossModal.Core.Recipes;

/// <summary>
/// How a recipe trains I2S: a GAN from the image encoder's embedding to a 128x34 LMS, judged after each epoch by the
/// sound classifier on a per-class subset of training and validation images (<see cref="GeneratorJudge.SoundAccuracy"/>);
/// mode seeking, an auxiliary class loss, an EMA of G's weights and batch-norm recalibration when the step asks for them
/// (<see cref="I2SStep"/>; S2I's switches of the same names, through the same <see cref="GanTrainer"/>). With an EMA the
/// average is what is judged each epoch and what is stored.
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
        // The class head scores the instruments by the labels ForImageToSound keeps (an index into Instruments.All).
        var (g, d) = (run.OnDevice(new I2SGenerator(config)), run.OnDevice(new I2SDiscriminator(config, step.ClassLoss > 0 ? Instruments.All.Count : 0)));
        // The average's own generator, made after G and D so that their initial weights do not depend on the EMA switch.
        using var average = step.EmaDecay > 0 ? run.OnDevice(new I2SGenerator(config)) : null;
        ConditionalGenerator shipped = average ?? g;
        using var subset = train.Data.Subset(run.Pick(train, step.MaxPerClass));
        using var data = GanTrainingData.ForImageToSound(subset, encoder, SoundInput.Normalisation);
        using var judged = JudgedConditions.Of(run, data, valid.Data.Images, valid.Data.Labels, encoder, step.EvaluatePerClass);
        var options = JudgedGanTraining.Options(run, step, step.Beta1, [], id, WrongPairRule.OtherInstrument) with
        {
            ModeSeekingWeight = step.ModeSeeking, AuxiliaryClassWeight = step.ClassLoss, EmaDecay = step.EmaDecay,
            BatchNormRecalibrationBatches = step.BatchNormRecalibration,
        };
        var epochs = JudgedGanTraining.Train(run, id, g, d, data, options, cancel, epoch =>
            (GeneratorJudge.SoundAccuracy(shipped, judged.Train, judged.TrainLabels, judge, run.Seed),
             GeneratorJudge.SoundAccuracy(shipped, judged.Valid, judged.ValidLabels, judge, run.Seed)), step.KeepBestEpoch, average);
        var metrics = StepMetrics.Of(epochs, null);
        StoredModels.SaveGan(run.OutputRoot, ModelKinds.I2S, null, null, config, StoredModels.ImageEncoderId, shipped, d, run.Provenance(id, step, metrics));
        run.Record(id, ModelKinds.I2S, clock, shipped, epochs, metrics);
    }
}
