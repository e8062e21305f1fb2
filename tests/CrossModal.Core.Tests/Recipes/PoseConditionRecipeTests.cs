using System.Text.Json;
using CrossModal.Core.Datasets;
using CrossModal.Core.Evaluation;
using CrossModal.Core.Generation;
using CrossModal.Core.Models;
using CrossModal.Core.Recipes;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;
using Store = CrossModal.Core.Storage.ModelStore;

namespace CrossModal.Core.Tests.Recipes;

/// <summary>
/// Issue 17 §3: a pose model conditioned on pitch and onsets, with wrong pairs at another pitch, a pose head on D and a
/// pose teacher, trained, stored, served and measured.
/// </summary>
public class PoseConditionRecipeTests(TinyDatasetFixture fixture) : IClassFixture<TinyDatasetFixture>
{
    [Fact]
    public void APitchAndOnsetPoseModelIsStoredServedWithItsConditionAndMeasured()
    {
        var models = fixture.NewModelFolder();
        var recipe = fixture.SoundToImageRecipe(models, new S2IStep()) with
        {
            S2I = null,
            PoseRegressor = new PoseRegressorStep { Epochs = 1, BatchSize = 8 },
            Pose = new PoseStep { Instruments = ["cello"], Epochs = 1, BatchSize = 4, Condition = PitchOnsetEmbedder.Name, WrongPairs = PoseStep.SamePieceOtherPitch,
                PoseHead = 1, PoseTeacher = 1 },
        };
        new RecipeRunner(recipe, fixture.Dataset, models).Run();

        var manifest = Store.Verify(Path.Combine(models, "pose-cello"));
        Assert.Equal(PitchOnsetEmbedder.Name, StoredModels.ConditionFeaturesOf(manifest));
        Assert.Contains(manifest.Metrics.Keys, k => k.StartsWith("validation_pose_r_real_images_", StringComparison.Ordinal));
        Assert.Contains(manifest.Metrics.Keys, k => k.StartsWith("validation_pose_teacher_r_real_images_", StringComparison.Ordinal));
        Assert.Contains(Store.Verify(Path.Combine(models, StoredModels.PoseRegressorId)).Metrics.Keys,
            k => k.StartsWith("validation_r_cello_pose_", StringComparison.Ordinal));

        using var set = ModelSet.Open(models);
        var generator = set.Generator("pose-cello");
        var condition = Assert.IsType<PitchOnsetEmbedder>(generator.Encoder);
        Assert.Equal(128 + PitchOnsetEmbedder.FeatureSize, condition.EmbeddingSize);
        Assert.Equal(condition.EmbeddingSize, generator.Network.EmbeddingSize);

        using var valid = DatasetTensors.Load(fixture.Dataset, new DatasetLoadOptions { Split = DatasetSplit.Validation });
        var measured = PoseEvaluator.OnSplit(set, "cello", valid, "tiny", seed: 5);
        Assert.Equal(valid.Data.Labels.Count(l => l == Domain.Instruments.IndexOf("cello")), measured.Pairs);
        Assert.Equal(["bow position", "left hand along the neck", "string", "head nod"], measured.Parameters.Select(p => p.Name));
        Assert.All(measured.Parameters, p => Assert.InRange(p.GeneratedMae, 0, 1));
        // The same seed, the same images, the same figures.
        Assert.Equal(measured.Parameters, PoseEvaluator.OnSplit(set, "cello", valid, "tiny", seed: 5).Parameters);

        // How much of each parameter the sound determines, through this model's own condition, learnt on the training pieces.
        using var train = DatasetTensors.Load(fixture.Dataset, new DatasetLoadOptions { Split = DatasetSplit.Train, Instruments = ["cello"] });
        var soundR = SoundPoseCeiling.ForPoseModel(set, "cello", train, valid, new SoundPoseCeilingOptions { Epochs = 2 });
        Assert.Equal(4, soundR.Length);
        Assert.All(soundR, r => Assert.True(r is null || r is >= -1 and <= 1));
        Assert.Throws<InvalidInputException>(() => SoundPoseCeiling.ForPoseModel(set, "kazoo", train, valid));
    }

    [Fact]
    public void WithoutTheNewFieldsAPoseStepHashesAsBeforeAndBadValuesAreRefused()
    {
        var json = JsonSerializer.Serialize(new PoseStep(), TrainingRecipe.Json);
        Assert.DoesNotContain("condition", json);
        Assert.DoesNotContain("wrongPairs", json);
        Assert.DoesNotContain("poseHead", json);
        Assert.Contains("poseHead", JsonSerializer.Serialize(new PoseStep { PoseHead = 10 }, TrainingRecipe.Json));
        Assert.Contains("poseHead", Assert.Throws<InvalidInputException>(() => new PoseStep { PoseHead = -1 }.Validate()).Message);
        Assert.DoesNotContain("poseTeacher", json);
        Assert.Contains("poseTeacher", Assert.Throws<InvalidInputException>(() => new PoseStep { PoseTeacher = 2000 }.Validate()).Message);
        Assert.Contains("condition", Assert.Throws<InvalidInputException>(() => new PoseStep { Condition = "pitch" }.Validate()).Message);
        Assert.Contains("wrongPairs", Assert.Throws<InvalidInputException>(() => new PoseStep { WrongPairs = "any" }.Validate()).Message);
        Assert.DoesNotContain("teacherFrames", json);
        Assert.Contains("teacherFrames", Assert.Throws<InvalidInputException>(() => new PoseStep { PoseTeacher = 1, TeacherFrames = "all" }.Validate()).Message);
        Assert.Contains("poseTeacher", Assert.Throws<InvalidInputException>(() => new PoseStep { TeacherFrames = PoseStep.FamilyFrames }.Validate()).Message);
        Assert.DoesNotContain("teacherArchitecture", json);
        Assert.Contains("teacherArchitecture", Assert.Throws<InvalidInputException>(() => new PoseStep { PoseTeacher = 1, TeacherArchitecture = "resnet" }.Validate()).Message);
        Assert.Contains("poseTeacher", Assert.Throws<InvalidInputException>(() => new PoseStep { TeacherArchitecture = PoseStep.RegressorArchitecture }.Validate()).Message);
        Assert.Contains("teacherFrames", Assert.Throws<InvalidInputException>(() =>
            new PoseStep { PoseTeacher = 1, TeacherArchitecture = PoseStep.RegressorArchitecture, TeacherFrames = PoseStep.FamilyFrames }.Validate()).Message);
        Assert.DoesNotContain("teacherShifts", json);
        Assert.Contains("teacherShifts", JsonSerializer.Serialize(new PoseStep { PoseTeacher = 1, TeacherShifts = true }, TrainingRecipe.Json));
        Assert.Contains("poseTeacher", Assert.Throws<InvalidInputException>(() => new PoseStep { TeacherShifts = true }.Validate()).Message);
    }

    [Fact]
    public void AFamilyTeacherLearnsFromEveryInstrumentWhosePoseParametersMeanTheSame()
    {
        int[] labels = [.. new[] { "cello", "flute", "violin", "trumpet", "double_bass", "sax" }.Select(Domain.Instruments.IndexOf)];
        Assert.Equal([0, 2, 4], PoseTraining.FamilyRows(labels, "cello"));
        Assert.Equal([1, 5], PoseTraining.FamilyRows(labels, "flute"));
        Assert.Equal([3], PoseTraining.FamilyRows(labels, "tuba"));

        var models = fixture.NewModelFolder();
        var step = new PoseStep { Instruments = ["cello"], Epochs = 1, BatchSize = 4, PoseTeacher = 1, TeacherFrames = PoseStep.FamilyFrames };
        var recipe = fixture.SoundToImageRecipe(models, new S2IStep()) with
        {
            S2I = null,
            PoseRegressor = new PoseRegressorStep { Epochs = 1, BatchSize = 8 },
            Pose = step,
        };
        new RecipeRunner(recipe, fixture.Dataset, models).Run();
        var manifest = Store.Verify(Path.Combine(models, "pose-cello"));
        Assert.Contains(manifest.Metrics.Keys, k => k.StartsWith("validation_pose_teacher_r_real_images_", StringComparison.Ordinal));
        Assert.Contains("\"teacherFrames\":\"family\"", JsonSerializer.Serialize(step, TrainingRecipe.Json).Replace(" ", ""));
    }

    [Fact]
    public void ATeacherOfTheRegressorsKindIsTrainedOnceSharedAndCheckedByTheSecondPoseJudge()
    {
        var models = fixture.NewModelFolder();
        var step = new PoseStep { Instruments = ["cello", "flute"], Epochs = 1, BatchSize = 4, PoseTeacher = 1, TeacherArchitecture = PoseStep.RegressorArchitecture };
        var recipe = fixture.SoundToImageRecipe(models, new S2IStep()) with
        {
            S2I = null,
            PoseRegressor = new PoseRegressorStep { Epochs = 1, BatchSize = 8 },
            Pose = step,
        };
        new RecipeRunner(recipe, fixture.Dataset, models).Run();

        // Stored once, as the pose regressor's kind, from its own seed: not the judge's weights.
        var teacher = Store.Verify(Path.Combine(models, StoredModels.PoseTeacherId));
        var judge = Store.Verify(Path.Combine(models, StoredModels.PoseRegressorId));
        Assert.Equal(ModelKinds.PoseRegressor, teacher.Kind);
        Assert.NotEqual(judge.Weights.Values, teacher.Weights.Values);
        Assert.Equal(PoseTraining.RegressorTeacherStep.Epochs, teacher.Epoch);
        var history = File.ReadAllText(Path.Combine(models, "training-history.json"));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(history, "\"id\":\\s*\"pose-teacher\""));
        foreach (var instrument in step.Instruments)
            Assert.Contains(Store.Verify(Path.Combine(models, StoredModels.PoseId(instrument))).Metrics.Keys,
                k => k.StartsWith("validation_pose_teacher_r_real_images_", StringComparison.Ordinal));
        Assert.Contains("\"teacherArchitecture\":\"regressor\"", JsonSerializer.Serialize(step, TrainingRecipe.Json).Replace(" ", ""));

        // The second pose judge, trained apart, reads the same images beside the regressor.
        var saved = new JudgeTraining(fixture.Dataset, models, new JudgeTrainingSettings
        {
            Judges = [JudgeTrainingSettings.PoseJudgeName], PoseEpochs = 1, PoseCopies = 1, BatchSize = 8, Threads = 2, Pose = Models.PoseJudgeTests.Tiny,
        }).Run();
        var poseJudge = Assert.Single(saved);
        Assert.Equal((StoredModels.PoseJudgeId, ModelKinds.PoseJudge), (poseJudge.Id, poseJudge.Kind));
        Assert.Contains("pose judge: epochs 1, 1 copies", poseJudge.Recipe);
        Assert.InRange(poseJudge.Metrics["validation_mae"], 0, 1);
        Assert.Contains(poseJudge.Metrics.Keys, k => k.StartsWith("validation_r_cello_pose_", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(models, StoredModels.ImageJudgeId)));

        using var set = ModelSet.Open(models);
        using var valid = DatasetTensors.Load(fixture.Dataset, new DatasetLoadOptions { Split = DatasetSplit.Validation });
        var measured = PoseEvaluator.OnSplit(set, "cello", valid, "tiny", seed: 5);
        Assert.Contains(measured.Parameters, p => p.SecondReaderR is not null && p.SecondGeneratedR is not null);
        var unread = measured.Parameters[0] with { SecondReaderR = 0.2, SecondGeneratedR = 0.9 };
        Assert.Null(unread.SecondFollows);
        Assert.True((unread with { SecondReaderR = 0.8 }).SecondFollows);
        Assert.False((unread with { SecondReaderR = 0.8, SecondGeneratedR = 0.1 }).SecondFollows);
    }

    [Fact]
    public void JudgeTrainingRefusesUnknownJudgesBeforeWritingAnything()
    {
        var models = fixture.NewModelFolder();
        foreach (var judges in new[] { new[] { "colour" }, Array.Empty<string>() })
        {
            var error = Assert.Throws<InvalidInputException>(() => new JudgeTraining(fixture.Dataset, models, new JudgeTrainingSettings { Judges = judges }).Run());
            Assert.Contains("judge", error.Message);
        }
        Assert.Throws<InvalidInputException>(() => new JudgeTrainingSettings { PoseEpochs = 0 }.Validate());
        Assert.Throws<InvalidInputException>(() => new JudgeTrainingSettings { PoseCopies = -1 }.Validate());
        Assert.False(Directory.Exists(models));
    }

    [Fact]
    public void AStoredModelNamingUnknownConditionFeaturesIsRefused()
    {
        var root = fixture.NewModelFolder();
        var gan = new GanConfig { GeneratorFilters = 2, DiscriminatorFilters = 2, NoiseSize = 8, ConditionSize = 4 };
        Assert.Throws<ArgumentException>(() => StoredModels.SaveGan(root, ModelKinds.S2I, "c", null, gan, StoredModels.SoundEncoderId,
            new S2IGenerator(gan), new S2IDiscriminator(gan), new("tiny", "test", 1, new Dictionary<string, double>()), conditionFeatures: PitchOnsetEmbedder.Name));
        var manifest = StoredModels.SaveGan(root, ModelKinds.Pose, null, "cello", gan, StoredModels.SoundEncoderId,
            new S2IGenerator(gan), new S2IDiscriminator(gan), new("tiny", "test", 1, new Dictionary<string, double>()));
        Assert.Null(StoredModels.ConditionFeaturesOf(manifest));
        manifest.Config[StoredModels.ConditionFeatures] = "timbre";
        Assert.Contains("timbre", Assert.Throws<ModelStoreException>(() => StoredModels.ConditionFeaturesOf(manifest)).Message);
    }
}
