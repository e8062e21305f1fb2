using CrossModal.Core.Models;
using CrossModal.Core.Recipes;
using CrossModal.Core.Storage;
using CrossModal.Core.Tests.Training;
using CrossModal.Domain;
using Store = CrossModal.Core.Storage.ModelStore;

namespace CrossModal.Core.Tests.Recipes;

/// <summary>
/// The I2S step's switches (mode seeking, class loss, EMA, batch-norm recalibration): validation, and a run. Their
/// hash when off is checked with S2I's (<see cref="S2ISwitchesRecipeTests"/>). Serial: the run compares G's losses
/// with and without the EMA, which needs torch's global generator (seeded by the step) untouched by other tests.
/// </summary>
[Collection(SerialTrainingCollection.Name)]
public class I2SSwitchesRecipeTests(TinyDatasetFixture fixture) : IClassFixture<TinyDatasetFixture>
{
    [Theory]
    [InlineData("""{ "modeSeeking": -1 }""", "i2s modeSeeking must be in [0, 1000]")]
    [InlineData("""{ "classLoss": -0.5 }""", "i2s classLoss must be in [0, 100]")]
    [InlineData("""{ "classLoss": 101 }""", "i2s classLoss must be in [0, 100]")]
    [InlineData("""{ "emaDecay": 1, "batchNormRecalibration": 20 }""", "i2s emaDecay must be in [0, 1)")]
    [InlineData("""{ "emaDecay": -0.1, "batchNormRecalibration": 20 }""", "i2s emaDecay must be in [0, 1)")]
    [InlineData("""{ "batchNormRecalibration": -1 }""", "i2s batchNormRecalibration must be 0..10000")]
    [InlineData("""{ "batchNormRecalibration": 10001 }""", "i2s batchNormRecalibration must be 0..10000")]
    [InlineData("""{ "emaDecay": 0.999 }""", "emaDecay needs batchNormRecalibration > 0")]
    [InlineData("""{ "emaDecay": 0.999, "batchNormRecalibration": 20, "keepBestEpoch": true }""", "emaDecay and keepBestEpoch exclude each other")]
    public void AnI2SStepWithABadSwitchIsRefusedWithAClearError(string step, string expected)
    {
        var path = Path.Combine(fixture.Root, $"i2s-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, $$"""{ "name": "x", "i2s": {{step}} }""");
        Assert.Contains(expected, Assert.Throws<InvalidInputException>(() => TrainingRecipe.Load(path)).Message);
    }

    [Fact]
    public void AnI2SStepWithAllItsSwitchesReadsBackAndValidates()
    {
        var path = Path.Combine(fixture.Root, $"i2s-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            { "name": "x", "i2s": { "epochs": 6, "keepBestEpoch": false, "modeSeeking": 0.3, "classLoss": 1.0, "emaDecay": 0.999, "batchNormRecalibration": 20 } }
            """);
        var step = TrainingRecipe.Load(path).I2S!;
        Assert.Equal((0.3, 1.0, 0.999, 20, false), (step.ModeSeeking, step.ClassLoss, step.EmaDecay, step.BatchNormRecalibration, step.KeepBestEpoch));
        // Recalibration alone (no EMA) is allowed: it re-estimates G's own statistics, as S2I's does.
        new I2SStep { BatchNormRecalibration = 5, KeepBestEpoch = true }.Validate();
    }

    [Fact]
    public void I2SWithModeSeekingClassLossAndAnEmaTrainsAndShipsTheAverage()
    {
        var models = fixture.NewModelFolder();
        var step = new I2SStep { Epochs = 1, BatchSize = 8, EvaluatePerClass = 2, ModeSeeking = 1, ClassLoss = 1, EmaDecay = 0.9, BatchNormRecalibration = 2 };
        var recipe = fixture.SoundToImageRecipe(models, new S2IStep { Variants = ["c"], Epochs = 1, BatchSize = 8, EvaluatePerClass = 2 })
            with { S2I = null, I2S = step };
        var i2s = new RecipeRunner(recipe, fixture.Dataset, models).Run().Steps.Single(s => s.Id == StoredModels.I2SId);
        var epoch = i2s.Epochs.Single();
        Assert.True(double.IsFinite(epoch.Losses["g"]) && double.IsFinite(epoch.Losses["d"]));
        Assert.InRange(epoch.ValidationAccuracy!.Value, 0, 1);
        Assert.Equal(recipe.StepId(StoredModels.I2SId, step), Store.Verify(Path.Combine(models, StoredModels.I2SId)).Recipe);
        // The stored D has the class head over the 13 instruments and "generated" (strict load: names and shapes match).
        var gan = new GanConfig();
        using (var d = new I2SDiscriminator(gan, auxiliaryClasses: Instruments.All.Count))
        using (var g = new I2SGenerator(gan))
            Store.Load(models, StoredModels.I2SId, ModelKinds.I2S, new Dictionary<string, TorchSharp.torch.nn.Module> { ["generator"] = g, ["discriminator"] = d });
        var averaged = StoredGenerator(models);

        // The same step without the EMA (only I2S retrains, on the kept encoders): G trains exactly as it did (the average is
        // drawn after G and D), and what ships now is G's last iterate, not the average.
        var plain = recipe with { I2S = step with { EmaDecay = 0 } };
        var again = new RecipeRunner(plain, fixture.Dataset, models).Run().Steps.Single(s => s.Id == StoredModels.I2SId);
        Assert.Equal(epoch.Losses, again.Epochs.Single().Losses);
        var last = StoredGenerator(models);
        Assert.Equal(averaged.Keys, last.Keys);
        Assert.Contains(averaged.Keys, name => !averaged[name].SequenceEqual(last[name]));
    }

    static Dictionary<string, float[]> StoredGenerator(string models)
    {
        using var g = StoredModels.LoadGenerator(models, StoredModels.I2SId).Generator;
        return g.named_parameters().ToDictionary(p => p.name, p => p.parameter.data<float>().ToArray());
    }
}
