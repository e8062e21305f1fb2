using System.Diagnostics;
using CrossModal.Core.Datasets;
using CrossModal.Core.Evaluation;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;
using CrossModal.Domain;
using static TorchSharp.torch;

namespace CrossModal.Core.Recipes;

/// <summary>
/// How a recipe trains the pose model of one instrument: an S2I GAN on that instrument's pairs alone, whose wrong pairs
/// are frames of the same instrument from another piece (so D must check the pose, not the instrument) or, with the
/// step's <c>wrongPairs</c>, of the same piece at another pitch; conditioned on the sound encoder's embedding or, with
/// the step's <c>condition</c>, on it and the chunk's pitch and onsets (<see cref="PitchOnsetEmbedder"/>); with the step's
/// <c>poseHead</c>, D also learns to read the pose of real frames and G to draw the note's pose as D reads it; with
/// <c>poseTeacher</c>, G draws it as a frozen pose reader trained beforehand on real frames reads it. Judged by the
/// image classifier and, when the store has one, scored by the pose regressor: its error and, per pose parameter,
/// Pearson's r between the pose it reads from a generated image and the pose of the sound's note, beside the r it
/// reaches on the real frames (which parameters it can read at all).
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
        using var pitchOnset = step.Condition is null ? null : new PitchOnsetEmbedder(encoder);
        var config = new GanConfig { EmbeddingSize = pitchOnset?.EmbeddingSize ?? encoder.EmbeddingSize };
        var withPoses = step.PoseHead > 0 || step.PoseTeacher > 0;
        if (withPoses && train.Data.Pose is null)
            throw new InvalidInputException($"{id}: poseHead and poseTeacher need the pose of each training pair (pose_0.. in pairs.csv), and the dataset has none");
        var poseParameters = step.PoseHead > 0 ? (int)train.Data.Pose!.shape[1] : 0;
        var (g, d) = (run.OnDevice(new S2IGenerator(config)), run.OnDevice(new S2IDiscriminator(config, poseParameters: poseParameters)));
        var rows = Enumerable.Range(0, train.Data.Count).Where(i => train.Data.Labels[i] == label).ToArray();
        using var own = train.Data.Subset(rows);
        using var validOwn = valid.Data.OfClass(label);
        var rule = WrongPairsOf(run, id, step, own);
        var pitches = rule == WrongPairRule.SamePieceOtherPitch ? train.MidiPitches(rows) : null;
        IEmbedder condition = pitchOnset is null ? encoder : pitchOnset;
        using var data = GanTrainingData.ForSoundToImage(own, condition, pitches: pitches, withPoses: withPoses);
        using var validCond = GanTrainingData.EmbedAll(validOwn.Sounds, condition, 256);
        // Trained after both networks are drawn, from its own seed: the GAN's initial weights are those of a step without it.
        var (teacherModel, teacher) = step.PoseTeacher > 0 ? TrainTeacher(run, step, id, instrument, config, own, train, valid, cancel) : (null, null);
        using var ownedTeacher = teacherModel;
        var options = JudgedGanTraining.Options(run, step, step.Beta1, step.PreviewEpochs, id, rule)
            with { PoseHeadWeight = step.PoseHead, PoseTeacherWeight = step.PoseTeacher, PoseTeacherShifts = step.TeacherShifts };
        var epochs = JudgedGanTraining.Train(run, id, g, d, data, options, cancel, epoch =>
            (null, GeneratorJudge.ImageAccuracy(g, validCond, validOwn.Labels, judge, run.Seed)), poseTeacher: teacher);
        var metrics = StepMetrics.Of(epochs, null);
        if (poseJudge is not null && validOwn.Pose is not null)
        {
            using var generated = GeneratorJudge.Generate(g, validCond, run.Seed);
            // Each image set is read once; its error and its correlations come from that one reading.
            var truth = PoseRegressorTrainer.Rows(validOwn.Pose);
            var readGenerated = PoseRegressorTrainer.Read(poseJudge, generated, validOwn.Labels);
            var readReal = PoseRegressorTrainer.Read(poseJudge, validOwn.Images, validOwn.Labels);
            metrics["validation_pose_mae"] = PoseError.Between(readGenerated, truth).MeanAbsoluteError;
            metrics["validation_pose_mae_real_images"] = PoseError.Between(readReal, truth).MeanAbsoluteError;
            // Chance level: the error of predicting each pair's pose as the mean pose of the instrument.
            using var mean = validOwn.Pose.mean([0], keepdim: true);
            metrics["validation_pose_mae_mean_pose"] = (validOwn.Pose - mean).abs().mean().item<float>();
            Correlations(metrics, "validation_pose_r_generated", readGenerated, truth);
            Correlations(metrics, "validation_pose_r_real_images", readReal, truth);
            if (teacher is not null) TeacherCorrelations(metrics, teacher, validOwn.Images, generated, truth);
        }
        StoredModels.SaveGan(run.OutputRoot, ModelKinds.Pose, null, instrument, config, StoredModels.SoundEncoderId, g, d, run.Provenance(id, step, metrics),
            conditionFeatures: step.Condition);
        run.Record(id, ModelKinds.Pose, clock, g, epochs, metrics);
    }

    /// <summary>
    /// How the regressor's kind of teacher is trained (<c>teacherArchitecture: "regressor"</c>): as pose-regressor.json
    /// trains the judge — every training frame, 2 shifted and recoloured copies of each, 20 epochs — so that the two differ
    /// in their seed alone and what the teacher teaches is checked by a judge of another architecture.
    /// </summary>
    internal static readonly PoseRegressorStep RegressorTeacherStep = new() { Epochs = 20, MaxPerClass = 0, AugmentedCopies = 2, LearningRate = 1e-3 };

    /// <summary>
    /// The pose teacher: the module (disposed by the caller) and how it reads this instrument's pose. The regressor's kind is trained once per run
    /// and stored as <see cref="StoredModels.PoseTeacherId"/> (a later pose model, or a resumed run, loads it). D's kind is
    /// trained on the frames the step's <c>teacherFrames</c> names: the instrument's own, or every frame of its family with
    /// shifted and recoloured copies (more players, clothes and backgrounds, so that it reads the pose rather than
    /// recognising the frame).
    /// </summary>
    static (nn.Module Model, IPoseReader Reader) TrainTeacher(RecipeRun run, PoseStep step, string id, string instrument, GanConfig config,
        PairedTensorDataset own, LoadedSplit train, LoadedSplit valid, CancellationToken cancel)
    {
        if (step.TeacherArchitecture == PoseStep.RegressorArchitecture)
        {
            const string teacherId = StoredModels.PoseTeacherId;
            var regressor = PoseTeacher.Frozen(PoseRegressorTraining.Train(run, RegressorTeacherStep, train, valid, cancel, teacherId, Seeding.Derive(run.Seed, teacherId)));
            return (regressor, regressor.ForInstrument(Instruments.IndexOf(instrument)));
        }
        var seed = Seeding.Derive(run.Seed, id);
        var discriminator = step.TeacherFrames == PoseStep.FamilyFrames
            ? TrainFamilyTeacher(run, id, instrument, config, train, seed, cancel)
            : PoseTeacher.Train(config, own.Images, own.Pose!, seed, cancel);
        return (discriminator, discriminator);
    }

    static S2IDiscriminator TrainFamilyTeacher(RecipeRun run, string id, string instrument, GanConfig config, LoadedSplit train, long seed, CancellationToken cancel)
    {
        var rows = FamilyRows(train.Data.Labels, instrument);
        using var frames = TrainingAugmentation.PoseFrames(train.Data.Images, train.Data.Pose!, rows, PoseTeacher.FamilyAugmentedCopies, $"{id}-teacher", run.Seed);
        run.Say(id, $"pose teacher: {rows.Length} frames of the {PoseParameterNames.Family(instrument)} and {PoseTeacher.FamilyAugmentedCopies} copies of each");
        return PoseTeacher.Train(config, frames.Images, frames.Poses, seed, cancel, PoseTeacher.FamilyEpochs);
    }

    /// <summary>The rows whose instrument's pose parameters mean what <paramref name="instrument"/>'s do.</summary>
    internal static int[] FamilyRows(IReadOnlyList<int> labels, string instrument)
    {
        var family = PoseParameterNames.Family(instrument);
        return Enumerable.Range(0, labels.Count).Where(i => PoseParameterNames.Family(Instruments.All[labels[i]]) == family).ToArray();
    }

    /// <summary>
    /// The step's rule, where the data allows it: another piece never shares this frame's note and pose timing, and a
    /// dataset with a single piece of the instrument only allows the paper's weaker rule (any other frame).
    /// </summary>
    static WrongPairRule WrongPairsOf(RecipeRun run, string id, PoseStep step, PairedTensorDataset own)
    {
        if (own.PieceIds.Distinct().Count() < 2)
        {
            run.Say(id, "only one piece of this instrument: wrong pairs are other frames of it");
            return WrongPairRule.SameInstrumentOtherFrame;
        }
        return step.WrongPairs == PoseStep.SamePieceOtherPitch ? WrongPairRule.SamePieceOtherPitch : WrongPairRule.SameInstrumentOtherPiece;
    }

    /// <summary>
    /// Whether the teacher reads frames it never saw (if not, it can teach G nothing), and whether G drew what it reads
    /// (if the teacher reads the note's pose in G's images and the regressor does not, G fooled it).
    /// </summary>
    static void TeacherCorrelations(Dictionary<string, double> metrics, IPoseReader teacher, Tensor real, Tensor generated, List<double[]> truth)
    {
        List<double[]> Reads(Tensor images)
        {
            using var scope = NewDisposeScope();
            return PoseRegressorTrainer.Rows(teacher.ReadPose(images));
        }
        Correlations(metrics, "validation_pose_teacher_r_real_images", Reads(real), truth);
        Correlations(metrics, "validation_pose_teacher_r_generated", Reads(generated), truth);
    }

    /// <summary>Pearson's r of each pose parameter as <c>{prefix}_{k}</c>; a parameter that does not vary gets none, nor does a single pair.</summary>
    static void Correlations(Dictionary<string, double> metrics, string prefix, List<double[]> read, List<double[]> truth)
    {
        if (read.Count < 2) return;
        var r = PoseCorrelation.PerParameter(read, truth);
        for (var k = 0; k < r.Length; k++)
            if (r[k] is double value) metrics[$"{prefix}_{k}"] = value;
    }
}
