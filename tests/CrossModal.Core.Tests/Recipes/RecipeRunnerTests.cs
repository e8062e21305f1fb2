using CrossModal.Core.Models;
using CrossModal.Core.Recipes;
using CrossModal.Core.Storage;
using Store = CrossModal.Core.Storage.ModelStore;

namespace CrossModal.Core.Tests.Recipes;

public class RecipeRunnerTests(TinyDatasetFixture fixture) : IClassFixture<TinyDatasetFixture>
{
    static TrainingRecipe Everything(string data, string models) => new()
    {
        Name = "test", Dataset = data, Output = models, Threads = 2, Seed = 4,
        SoundEncoder = new SoundEncoderStep { Epochs = 1, BatchSize = 8, AugmentedCopies = 1 },
        ImageEncoder = new ImageEncoderStep { Epochs = 1, BatchSize = 8 },
        Autoencoder = new AutoencoderStep { Epochs = 1, BatchSize = 8 },
        PoseRegressor = new PoseRegressorStep { Epochs = 1, BatchSize = 8 },
        S2I = new S2IStep
        {
            Variants = ["c", "n", "a"], Epochs = 1, BatchSize = 8, EvaluatePerClass = 2, PreviewEpochs = [1],
            ClassLossByVariant = new() { ["c"] = 1 }, BatchNormRecalibration = 2,
        },
        Pose = new PoseStep { Instruments = ["cello"], Epochs = 1, BatchSize = 4 },
        I2S = new I2SStep { Epochs = 1, BatchSize = 8, EvaluatePerClass = 2 },
    };

    /// <summary>The class head's parameters at the widths the runner trains (GanConfig's defaults; 4096 x 14 + 14).</summary>
    static readonly long ClassHeadParameters =
        ModelSize.ParameterCount(new S2IDiscriminator(new GanConfig(), auxiliaryClasses: 13)) - ModelSize.ParameterCount(new S2IDiscriminator(new GanConfig()));

    [Fact]
    public void TrainsEveryModelOfTheRecipeIntoTheStoreWithHistory()
    {
        var models = fixture.NewModelFolder();
        var recipe = Everything(fixture.Dataset, models);
        var history = new RecipeRunner(recipe, fixture.Dataset, models).Run();

        var ids = Store.List(models).Select(m => m.Id).Order().ToArray();
        Assert.Equal(new[] { "autoencoder", "i2s", "image-encoder", "pose-cello", "pose-regressor", "s2i-a", "s2i-c", "s2i-n", "sound-encoder" }, ids);
        Assert.Equal(recipe.StepId("s2i-c", recipe.S2I!), Store.Verify(Path.Combine(models, "s2i-c")).Recipe);
        Assert.NotEqual(recipe.StepId("s2i-n", recipe.S2I!), recipe.StepId("s2i-c", recipe.S2I!));
        Assert.Equal(ids.Length, history.Steps.Count);
        var s2i = history.Steps.Single(s => s.Id == "s2i-c");
        Assert.Single(s2i.Epochs);
        Assert.InRange(s2i.Epochs[0].ValidationAccuracy!.Value, 0, 1);
        Assert.True(File.Exists(Path.Combine(models, s2i.Epochs[0].Preview!)));
        // Each trained step says which kernels it ran on (this test host's policy keeps oneDNN off).
        Assert.StartsWith("gan: oneDNN off", s2i.Kernels);
        Assert.StartsWith("classifier", history.Steps.Single(st => st.Id == "sound-encoder").Kernels);
        Assert.Equal("sound-encoder", StoredModels.ConditionEncoderOf(Store.Verify(Path.Combine(models, "s2i-c"))));
        Assert.Equal("autoencoder", StoredModels.ConditionEncoderOf(Store.Verify(Path.Combine(models, "s2i-a"))));
        // classLossByVariant gives S2I-C's discriminator the 14-way class head (256x4x4 → 14), and only S2I-C's.
        static long DiscriminatorBytes(string dir) => new FileInfo(Path.Combine(dir, "discriminator.weights")).Length;
        Assert.InRange(DiscriminatorBytes(Path.Combine(models, "s2i-c")) - DiscriminatorBytes(Path.Combine(models, "s2i-n")),
            ClassHeadParameters * 4, ClassHeadParameters * 4 + 256);
        Assert.False(Directory.Exists(Path.Combine(models, ".runs")));
        Assert.True(File.Exists(Path.Combine(models, TrainingHistory.FileName)));
    }

    [Fact]
    public void EveryNetworkAndTheDataGoToTheRunsDevice()
    {
        // This machine has no CUDA build: the transfer records where each network and tensor would go and leaves it on
        // the CPU, so the recipe still trains while the record shows what a GPU node would compute on.
        var models = fixture.NewModelFolder();
        var moves = new Generation.RecordingDeviceTransfer();
        var history = new RecipeRunner(Everything(fixture.Dataset, models), fixture.Dataset, models)
        {
            Placement = new CrossModal.Core.Runtime.DevicePlacement(new TorchSharp.torch.Device(TorchSharp.DeviceType.CUDA), moves),
        }.Run();

        Assert.All(moves.Modules, m => Assert.Equal(TorchSharp.DeviceType.CUDA, m.To));
        var networks = moves.Modules.GroupBy(m => m.Module.GetType().Name).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(1, networks[nameof(SoundClassifier)]);
        Assert.Equal(1, networks[nameof(ImageClassifier)]);
        Assert.Equal(1, networks[nameof(StackedAutoencoder)]);
        Assert.Equal(1, networks[nameof(PoseRegressor)]);
        Assert.Equal(4, networks[nameof(S2IGenerator)]);        // S2I-C, -N, -A and the cello's pose model
        Assert.Equal(4, networks[nameof(S2IDiscriminator)]);
        Assert.Equal(1, networks[nameof(I2SGenerator)]);
        Assert.Equal(1, networks[nameof(I2SDiscriminator)]);
        // Both splits' sounds, images and poses, before any step reads them.
        var data = moves.Tensors.Where(t => t.To == TorchSharp.DeviceType.CUDA).Select(t => string.Join("x", t.Shape.Skip(1))).ToList();
        Assert.Equal(2, data.Count(s => s == "1x128x44"));
        Assert.Equal(2, data.Count(s => s == "3x64x64"));
        Assert.Equal(2, data.Count(s => s == "4"));
        Assert.Contains("cuda", history.Machine, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(9, Store.List(models).Count);
    }

    [Fact]
    public void KeepBestEpochShipsTheEpochJudgedBestOnTrainingConditions()
    {
        var models = fixture.NewModelFolder();
        var recipe = fixture.SoundToImageRecipe(models, new S2IStep { Variants = ["c"], Epochs = 3, BatchSize = 8, EvaluatePerClass = 2, KeepBestEpoch = true });
        var history = new RecipeRunner(recipe, fixture.Dataset, models).Run();

        var s2i = history.Steps.Single(s => s.Id == "s2i-c");
        var selected = Assert.Single(s2i.Epochs, e => e.Selected);
        var best = s2i.Epochs.Max(e => e.TrainAccuracy!.Value);
        Assert.Equal(s2i.Epochs.First(e => e.TrainAccuracy == best).Epoch, selected.Epoch);
        Assert.Equal(selected.Epoch, s2i.Metrics["selected_epoch"]);
        Assert.Equal(selected.ValidationAccuracy, s2i.Metrics["validation_accuracy"]);
        Assert.Equal(s2i.Metrics["selected_epoch"], Store.Verify(Path.Combine(models, "s2i-c")).Metrics["selected_epoch"]);
    }

    [Fact]
    public void RerunningTheSameRecipeKeepsTrainedModelsAndForceRetrains()
    {
        var models = fixture.NewModelFolder();
        var recipe = new TrainingRecipe
        {
            Name = "test", Dataset = fixture.Dataset, Output = models, Seed = 4,
            ImageEncoder = new ImageEncoderStep { Epochs = 1, BatchSize = 8 },
        };
        new RecipeRunner(recipe, fixture.Dataset, models).Run();
        var first = Store.Verify(Path.Combine(models, "image-encoder"));
        new RecipeRunner(recipe, fixture.Dataset, models).Run();
        Assert.Equal(first.Created, Store.Verify(Path.Combine(models, "image-encoder")).Created);
        new RecipeRunner(recipe, fixture.Dataset, models) { Force = true }.Run();
        var forced = Store.Verify(Path.Combine(models, "image-encoder"));
        Assert.NotEqual(first.Created, forced.Created);
        // Another setting of this step makes it another model: retrained without --force.
        new RecipeRunner(recipe with { ImageEncoder = new ImageEncoderStep { Epochs = 2, BatchSize = 8 } }, fixture.Dataset, models).Run();
        Assert.NotEqual(forced.Created, Store.Verify(Path.Combine(models, "image-encoder")).Created);
    }

    [Fact]
    public void AGanWithoutItsEncodersInTheStoreIsRefusedBeforeTraining()
    {
        var models = fixture.NewModelFolder();
        var recipe = new TrainingRecipe { Name = "test", Dataset = fixture.Dataset, Output = models, S2I = new S2IStep { Variants = ["c"], Epochs = 1 } };
        var e = Assert.Throws<InvalidInputException>(() => new RecipeRunner(recipe, fixture.Dataset, models).Run());
        Assert.Contains("sound-encoder", e.Message);
        Assert.Empty(Store.List(models));
    }

    [Fact]
    public void ARecipeFileWithAnUnknownFieldOrBadValueIsRefused()
    {
        var path = Path.Combine(fixture.Root, $"bad-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "name": "x", "s2i": { "variants": ["z"] } }""");
        Assert.Contains("variants", Assert.Throws<InvalidInputException>(() => TrainingRecipe.Load(path)).Message);
        File.WriteAllText(path, """{ "name": "x", "sound_encoder": {} }""");
        Assert.Throws<InvalidInputException>(() => TrainingRecipe.Load(path));
    }

    /// <summary>models/recipes/ of this checkout.</summary>
    static string Recipes => Checkout.Path("models", "recipes");

    [Fact]
    public void TheShippedStarterRecipeIsValid()
    {
        var recipe = TrainingRecipe.Load(Path.Combine(Recipes, "starter.json"));
        Assert.Equal(["c", "n", "a"], recipe.S2I!.Variants);
        Assert.Contains("cello", recipe.Pose!.Instruments);
    }

    [Fact]
    public void EveryShippedRecipeIsValidAndPerVariantEpochsApply()
    {
        var files = Directory.GetFiles(Recipes, "*.json");
        Assert.NotEmpty(files);
        foreach (var file in files) TrainingRecipe.Load(file);
        var starter = TrainingRecipe.Load(Path.Combine(Recipes, "starter.json"));
        Assert.Equal(24, starter.S2I!.ForVariant("c").Epochs);
        Assert.Equal(starter.S2I.Epochs, starter.S2I.ForVariant("n").Epochs);
        Assert.True(starter.S2I.KeepBestEpoch && starter.I2S!.KeepBestEpoch);
        // Only S2I-C has the class head: S2I-N and S2I-A stay the paper's ablations.
        Assert.Equal(["c"], starter.S2I.ClassLossByVariant.Keys);
        Assert.True(starter.S2I.BatchNormRecalibration > 0);
    }

    [Fact]
    public void PerVariantEpochsMustNameAVariantAndAnEpochCount()
    {
        Assert.Throws<InvalidInputException>(() => new S2IStep { EpochsByVariant = new() { ["x"] = 3 } }.Validate());
        Assert.Throws<InvalidInputException>(() => new S2IStep { EpochsByVariant = new() { ["c"] = 0 } }.Validate());
        Assert.Throws<InvalidInputException>(() => new S2IStep { ClassLossByVariant = new() { ["x"] = 1 } }.Validate());
        Assert.Throws<InvalidInputException>(() => new S2IStep { ClassLossByVariant = new() { ["c"] = -1 } }.Validate());
        Assert.Throws<InvalidInputException>(() => new S2IStep { ClassLossByVariant = new() { ["c"] = double.NaN } }.Validate());
        new S2IStep { ClassLossByVariant = new() { ["c"] = 1 } }.Validate();
    }
}
