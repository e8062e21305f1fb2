using System.Text.Json;
using CrossModal.Core.Models;
using CrossModal.Core.Recipes;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;
using CrossModal.Domain;
using Store = CrossModal.Core.Storage.ModelStore;

namespace CrossModal.Core.Tests.Recipes;

/// <summary>The S2I step's switches and ablation arms (<see cref="S2ISwitches"/>): validation, defaults, shipped recipes, a run.</summary>
public class S2ISwitchesRecipeTests(TinyDatasetFixture fixture) : IClassFixture<TinyDatasetFixture>
{
    static TrainingRecipe Load(string name) => TrainingRecipe.Load(Checkout.Path("models", "recipes", name));

    [Fact]
    public void WithoutSwitchesTheStarterRecipesStepsHashAsBeforeSoItsModelsAreKept()
    {
        var starter = Load("starter.json");
        foreach (var variant in new[] { "c", "n", "a" })
        {
            var id = StoredModels.S2IId(variant);
            var (arm, step) = Assert.Single(starter.S2I!.ForVariant(variant).ArmSteps());
            Assert.Null(arm);
            // The shipped models name the step that made them; a hash that moved would retrain them on the next run.
            Assert.Equal(Store.Verify(Checkout.Path("models", "starter", id)).Recipe, starter.StepId(id, step));
        }
        var json = JsonSerializer.Serialize(new S2IStep(), TrainingRecipe.Json);
        Assert.DoesNotContain("switches", json);
        Assert.DoesNotContain("arms", json);
        // I2S's mode-seeking switch, off, leaves the shipped I2S's step hash as it was.
        Assert.Equal(Store.Verify(Checkout.Path("models", "starter", StoredModels.I2SId)).Recipe, starter.StepId(StoredModels.I2SId, starter.I2S!));
        // So do its class-loss, EMA and recalibration switches: off, none of them is written into the hashed step.
        var i2sJson = JsonSerializer.Serialize(new I2SStep(), TrainingRecipe.Json);
        Assert.All(new[] { "modeSeeking", "classLoss", "emaDecay", "batchNormRecalibration" }, field => Assert.DoesNotContain(field, i2sJson));
    }

    [Fact]
    public void AbsentSwitchesGiveTheTrainerItsOldSettings()
    {
        var before = new GanTrainingOptions { Beta1 = 0.3, BatchNormRecalibrationBatches = 2 };
        Assert.Equal(before, new S2ISwitches().ApplyTo(before));
        Assert.Equal(S2IArchitecture.Paper, new S2ISwitches().Architecture);
        var all = new S2ISwitches
        {
            Generator = "upsampling", Discriminator = "projection", Loss = "hinge", ModeSeeking = 1, DiffAugment = "translation, cutout",
            EmaDecay = 0.999, Beta1 = 0, Beta2 = 0.9, DiscriminatorSteps = 2,
        }.ApplyTo(new GanTrainingOptions { BatchNormRecalibrationBatches = 1 });
        Assert.Equal((AdversarialLoss.Hinge, 1.0, 0.999, 0.0, 0.9, 2), (all.Loss, all.ModeSeekingWeight, all.EmaDecay, all.Beta1, all.Beta2, all.DiscriminatorSteps));
        Assert.True(all.DiffAugment is { Translation: true, Cutout: true });
        Assert.True(new S2ISwitches { DiffAugment = "cutout" }.AugmentPolicy() is { Translation: false, Cutout: true });
        Assert.Null(new S2ISwitches { DiffAugment = "none" }.AugmentPolicy());
    }

    [Theory]
    [InlineData("""{ "generator": "stylegan" }""", "generator must be one of dcgan, upsampling; got 'stylegan'")]
    [InlineData("""{ "discriminator": "patch" }""", "discriminator must be one of dcgan, projection; got 'patch'")]
    [InlineData("""{ "loss": "wasserstein" }""", "loss must be one of gan-cls, hinge; got 'wasserstein'")]
    [InlineData("""{ "diffAugment": "color,translation,cutout" }""", "colour augmentation is not offered")]
    [InlineData("""{ "diffAugment": "translation,rotation" }""", "diffAugment must be 'none' or comma-separated parts of translation, cutout")]
    [InlineData("""{ "emaDecay": 1 }""", "emaDecay must be in [0, 1)")]
    [InlineData("""{ "beta2": -0.1 }""", "beta2 must be in [0, 1)")]
    [InlineData("""{ "modeSeeking": -1 }""", "modeSeeking must be in [0, 1000]")]
    [InlineData("""{ "discriminatorSteps": 0 }""", "discriminatorSteps must be 1..10")]
    [InlineData("""{ "emaDecay": 0.999 }""", "emaDecay needs batchNormRecalibration")]
    [InlineData("""{ "generator": "upsampling", "gnerator": "x" }""", "gnerator")]
    public void ARecipeWithABadSwitchIsRefusedWithAClearError(string switches, string expected)
    {
        var path = Path.Combine(fixture.Root, $"switches-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, $$"""{ "name": "x", "s2i": { "variants": ["c"], "switches": {{switches}} } }""");
        Assert.Contains(expected, Assert.Throws<InvalidInputException>(() => TrainingRecipe.Load(path)).Message);
        // The same switch in an ablation arm is refused too, and named by its arm.
        File.WriteAllText(path, $$"""{ "name": "x", "s2i": { "variants": ["c"], "arms": { "base": {}, "bad": {{switches}} } } }""");
        var e = Assert.Throws<InvalidInputException>(() => TrainingRecipe.Load(path));
        Assert.Contains(expected, e.Message);
        if (!expected.Contains("gnerator")) Assert.Contains("arms.bad", e.Message);
    }

    [Fact]
    public void ArmsNeedNamesThatMakeModelIdsAndAnEmaShipsAsAveraged()
    {
        Assert.Contains("arm name", Assert.Throws<InvalidInputException>(() =>
            new S2IStep { Arms = new() { ["Upper Case"] = new() } }.Validate()).Message);
        Assert.Contains("at least one arm", Assert.Throws<InvalidInputException>(() => new S2IStep { Arms = [] }.Validate()).Message);
        Assert.Contains("keepBestEpoch", Assert.Throws<InvalidInputException>(() =>
            new S2IStep { BatchNormRecalibration = 2, KeepBestEpoch = true, Switches = new() { EmaDecay = 0.9 } }.Validate()).Message);
        new S2IStep { BatchNormRecalibration = 2, Switches = new() { EmaDecay = 0.9 } }.Validate();
        // An arm's switches go over the step's, and the arm's step has no arms of its own.
        var step = new S2IStep { Switches = new() { Loss = "hinge", Generator = "upsampling" }, Arms = new() { ["a"] = new() { Generator = "dcgan" } } };
        var (arm, armStep) = Assert.Single(step.ArmSteps());
        Assert.Equal("a", arm);
        Assert.Equal(new S2ISwitches { Loss = "hinge", Generator = "dcgan" }, armStep.Switches);
        Assert.Null(armStep.Arms);
        Assert.Equal(0.5, new S2IStep { ClassLossByVariant = new() { ["c"] = 0.5 } }.ClassLossOf("c"));
        Assert.Equal(0, new S2IStep { ClassLossByVariant = new() { ["c"] = 0.5 }, Switches = new() { ClassLoss = 0 } }.ClassLossOf("c"));
    }

    [Fact]
    public void TheAblationChangesOneSwitchPerArmAndTheDefaultIsTheArmItChose()
    {
        var ablation = Load("s2i-ablation.json").S2I!;
        Assert.Equal(["c"], ablation.Variants);
        Assert.False(ablation.KeepBestEpoch);
        var arms = ablation.Arms!;
        Assert.Equal(new S2ISwitches(), arms["baseline"]);
        var single = new[] { "upsampling", "projection", "hinge", "mode-seeking", "diffaugment", "ema" };
        foreach (var name in single)
        {
            var set = JsonSerializer.SerializeToNode(arms[name], TrainingRecipe.Json)!.AsObject();
            Assert.True(set.Count == 1, $"arm {name} sets {set.Count} switches");
        }
        // The pairs that test one thing each: the class loss (twice) and the projection D within "all".
        Assert.Equal(arms["all"] with { ClassLoss = 0 }, arms["all-no-class-loss"]);
        Assert.Equal(arms["all-no-class-loss"] with { Discriminator = null }, arms["all-no-class-loss-bn-d"]);
        Assert.Equal(arms["da-ema-ms"] with { ClassLoss = 0 }, arms["da-ema-ms-no-class-loss"]);
        Assert.Equal(arms["diffaugment"] with { EmaDecay = arms["ema"].EmaDecay, ModeSeeking = arms["mode-seeking"].ModeSeeking }, arms["da-ema-ms"]);
        // The default trains the chosen arm's switches (docs/MODELS.md, "The S2I ablation"), longer, on the paper's networks.
        var chosen = Load("s2i-default.json").S2I!;
        Assert.Equal(arms["da-ema-ms"], chosen.Switches);
        Assert.True(chosen.Epochs > ablation.Epochs);
        Assert.False(chosen.KeepBestEpoch);
        Assert.Equal(S2IArchitecture.Paper, chosen.Effective.Architecture);
        // The starter set trains the same model as the product's default, beside the paper's variants it leaves as they were.
        var starter = Load("starter.json");
        string Json(S2IStep step) => JsonSerializer.Serialize(step with { PreviewEpochs = [] }, TrainingRecipe.Json);
        Assert.Equal(Json(chosen), Json(starter.S2IDefault!));
    }

    [Fact]
    public void TheDefaultStepTrainsOneModelOnTheSoundClassifiersConditions()
    {
        var path = Path.Combine(fixture.Root, $"default-{Guid.NewGuid():N}.json");
        foreach (var (step, expected) in new[]
                 {
                     ("""{ "variants": ["c", "n"] }""", "s2iDefault trains one model"),
                     ("""{ "variants": ["a"] }""", "s2iDefault trains one model"),
                     ("""{ "variants": ["c"], "arms": { "x": {} } }""", "no arms"),
                     ("""{ "variants": ["c"], "epochsByVariant": { "c": 3 } }""", "no epochsByVariant"),
                     ("""{ "variants": ["c"], "switches": { "emaDecay": 0.9 } }""", "emaDecay needs batchNormRecalibration"),
                 })
        {
            File.WriteAllText(path, $$"""{ "name": "x", "s2iDefault": {{step}} }""");
            Assert.Contains(expected, Assert.Throws<InvalidInputException>(() => TrainingRecipe.Load(path)).Message);
        }
        // An ablation arm cannot take the default's name, or the two models would share one id.
        Assert.Contains("default", Assert.Throws<InvalidInputException>(() =>
            new S2IStep { Arms = new() { [S2IModelIds.DefaultArm] = new() } }.Validate()).Message);
    }

    [Fact]
    public void TheDefaultStepStoresTheProductsDefaultBesideThePapersVariants()
    {
        var models = fixture.NewModelFolder();
        var step = new S2IStep
        {
            Variants = ["c"], Epochs = 1, BatchSize = 8, EvaluatePerClass = 2, BatchNormRecalibration = 2,
            Switches = new() { DiffAugment = "translation,cutout", EmaDecay = 0.9, ModeSeeking = 1 },
        };
        var recipe = fixture.SoundToImageRecipe(models, new S2IStep { Variants = ["c"], Epochs = 1, BatchSize = 8, EvaluatePerClass = 2 }) with { S2IDefault = step };
        new RecipeRunner(recipe, fixture.Dataset, models).Run();

        Assert.Equal(["image-encoder", "s2i-c", "s2i-c-default", "sound-encoder"], Store.List(models).Select(m => m.Id).Order());
        var product = Store.Verify(Path.Combine(models, S2IModelIds.ProductDefault));
        Assert.Equal(("c", StoredModels.SoundEncoderId, recipe.StepId(S2IModelIds.ProductDefault, step)),
            (product.Variant, product.ConfigAs<string>(StoredModels.ConditionEncoder), product.Recipe));
        // Run again: both are kept, neither retrained.
        var again = new RecipeRunner(recipe, fixture.Dataset, models).Run();
        Assert.Equal(product.Created, Store.Verify(Path.Combine(models, S2IModelIds.ProductDefault)).Created);
        Assert.Equal(S2IModelIds.ProductDefault, S2IModelIds.DefaultIn(id => Store.List(models).Any(m => m.Id == id)));
    }

    [Fact]
    public void AnAblationTrainsEachArmAsItsOwnModelWithItsArchitectureRecorded()
    {
        var models = fixture.NewModelFolder();
        var recipe = fixture.SoundToImageRecipe(models, new S2IStep
        {
            Variants = ["c"], Epochs = 1, BatchSize = 8, EvaluatePerClass = 2, BatchNormRecalibration = 2, ClassLossByVariant = new() { ["c"] = 1 },
            Arms = new()
            {
                ["baseline"] = new(),
                ["all"] = new()
                {
                    Generator = "upsampling", Discriminator = "projection", Loss = "hinge", ModeSeeking = 1, DiffAugment = "translation,cutout",
                    EmaDecay = 0.9, Beta1 = 0, Beta2 = 0.9,
                },
            },
        });
        var history = new RecipeRunner(recipe, fixture.Dataset, models).Run();

        Assert.Equal(["image-encoder", "s2i-c-all", "s2i-c-baseline", "sound-encoder"], Store.List(models).Select(m => m.Id).Order());
        var all = Store.Verify(Path.Combine(models, "s2i-c-all"));
        Assert.Equal("c", all.Variant);
        Assert.Equal(new S2IArchitecture { Generator = "upsampling", Discriminator = "projection" }, StoredModels.ArchitectureOf(all));
        Assert.Equal(S2IArchitecture.Paper, StoredModels.ArchitectureOf(Store.Verify(Path.Combine(models, "s2i-c-baseline"))));
        Assert.IsType<UpsamplingS2IGenerator>(StoredModels.LoadGenerator(models, "s2i-c-all").Generator);
        Assert.IsType<S2IGenerator>(StoredModels.LoadGenerator(models, "s2i-c-baseline").Generator);
        var (_, allStep) = recipe.S2I!.ArmSteps().Single(a => a.Arm == "all");
        Assert.Equal(recipe.StepId("s2i-c-all", allStep), all.Recipe);
        Assert.All(history.Steps.Where(s => s.Id.StartsWith("s2i")), s => Assert.InRange(s.Epochs.Single().ValidationAccuracy!.Value, 0, 1));
    }
}
