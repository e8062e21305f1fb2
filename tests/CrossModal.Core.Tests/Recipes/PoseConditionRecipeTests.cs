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
