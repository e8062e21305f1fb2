using System.Diagnostics;
using CrossModal.Core.Datasets;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;
using CrossModal.Domain;

namespace CrossModal.Core.Recipes;

/// <summary>
/// How a recipe trains the pose model of one instrument: an S2I GAN on that instrument's pairs alone, whose wrong pairs
/// are frames of the same instrument from another piece (so D must check the pose, not the instrument), judged by the
/// image classifier and, when the store has one, scored by the pose regressor.
/// </summary>
internal static class PoseTraining
{
    public static void Train(RecipeRun run, PoseStep step, string instrument, UnitLmsEmbedder encoder, ImageClassifier judge, PoseRegressor? poseJudge,
        LoadedSplit train, LoadedSplit valid, CancellationToken cancel)
    {
        var id = StoredModels.PoseId(instrument);
        if (run.Existing(id, step, StoredModels.SoundEncoderId) is not null) return;
        var clock = Stopwatch.StartNew();
        Seeding.SeedTorch(run.Seed, id);
        var label = Instruments.IndexOf(instrument);
        var config = new GanConfig();
        var (g, d) = (run.OnDevice(new S2IGenerator(config)), run.OnDevice(new S2IDiscriminator(config)));
        using var own = train.Data.OfClass(label);
        using var data = GanTrainingData.ForSoundToImage(own, encoder);
        using var validOwn = valid.Data.OfClass(label);
        using var validCond = GanTrainingData.EmbedAll(validOwn.Sounds, encoder, 256);
        // Another piece never shares this frame's note and pose timing; a dataset with a single piece of the
        // instrument only allows the paper's weaker rule (any other frame).
        var rule = own.PieceIds.Distinct().Count() >= 2 ? WrongPairRule.SameInstrumentOtherPiece : WrongPairRule.SameInstrumentOtherFrame;
        if (rule == WrongPairRule.SameInstrumentOtherFrame) run.Say(id, "only one piece of this instrument: wrong pairs are other frames of it");
        var options = JudgedGanTraining.Options(run, step, step.Beta1, step.PreviewEpochs, id, rule);
        var epochs = JudgedGanTraining.Train(run, id, g, d, data, options, cancel, epoch =>
            (null, GeneratorJudge.ImageAccuracy(g, validCond, validOwn.Labels, judge, run.Seed)));
        var metrics = StepMetrics.Of(epochs, null);
        if (poseJudge is not null && validOwn.Pose is not null)
        {
            using var generated = GeneratorJudge.Generate(g, validCond, run.Seed);
            var mae = PoseRegressorTrainer.MeanAbsoluteError(poseJudge, generated, validOwn.Labels, validOwn.Pose);
            var realMae = PoseRegressorTrainer.MeanAbsoluteError(poseJudge, validOwn.Images, validOwn.Labels, validOwn.Pose);
            metrics["validation_pose_mae"] = mae.Average();
            metrics["validation_pose_mae_real_images"] = realMae.Average();
            // Chance level: the error of predicting each pair's pose as the mean pose of the instrument.
            using var mean = validOwn.Pose.mean([0], keepdim: true);
            metrics["validation_pose_mae_mean_pose"] = (validOwn.Pose - mean).abs().mean().item<float>();
        }
        StoredModels.SaveGan(run.OutputRoot, ModelKinds.Pose, null, instrument, config, StoredModels.SoundEncoderId, g, d, run.Provenance(id, step, metrics));
        run.Record(id, ModelKinds.Pose, clock, g, epochs, metrics);
    }
}
