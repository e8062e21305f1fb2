using CrossModal.Core.Models;
using CrossModal.Core.Storage;
using CrossModal.Core.Tests.Models;
using CrossModal.Core.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Storage;

[Collection(ProcessWideHookCollection.Name)]
public class ModelStoreTests
{
    private static ModelManifest Manifest(string id = "s2i-c-demo", string kind = ModelKinds.S2I) => new()
    {
        Id = id, Kind = kind, Variant = "c", DatasetId = "synthetic-1", Recipe = "quick", Epoch = 3,
        Metrics = new() { ["accuracy"] = 0.5 },
        Config = new() { ["gan"] = ModelManifest.ToConfigNode(TinyConfigs.Gan) },
    };

    private static Dictionary<string, nn.Module> Nets(GanConfig c) =>
        new() { ["generator"] = new S2IGenerator(c), ["discriminator"] = new S2IDiscriminator(c) };

    [Fact]
    public void SavedModelLoadsWithSameWeightsAndConfig()
    {
        using var tmp = new TempDir();
        var nets = Nets(TinyConfigs.Gan);
        var saved = ModelStore.Save(tmp.Path, Manifest(), nets);
        Assert.Equal(2, saved.Weights.Count);
        Assert.All(saved.Weights.Values, h => Assert.Equal(64, h.Length));

        var listed = Assert.Single(ModelStore.List(tmp.Path));
        var config = listed.ConfigAs<GanConfig>("gan");
        Assert.Equal(TinyConfigs.Gan.GeneratorFilters, config.GeneratorFilters);
        var fresh = Nets(config);
        var loaded = ModelStore.Load(tmp.Path, "s2i-c-demo", ModelKinds.S2I, fresh);
        Assert.Equal(0.5, loaded.Metrics["accuracy"]);
        foreach (var ((name, a), (_, b)) in nets["generator"].named_parameters().Zip(fresh["generator"].named_parameters()))
            Assert.True(a.Equals(b), name);
    }

    [Fact]
    public void MissingCorruptAndTruncatedModelsFailPrecisely()
    {
        using var tmp = new TempDir();
        Assert.Contains("does not exist", Assert.Throws<ModelStoreException>(() => ModelStore.Load(tmp.Path, "nope", ModelKinds.S2I, Nets(TinyConfigs.Gan))).Message);

        ModelStore.Save(tmp.Path, Manifest(), Nets(TinyConfigs.Gan));
        var weights = Path.Combine(tmp.Path, "s2i-c-demo", "generator.weights");
        var bytes = File.ReadAllBytes(weights);
        bytes[^5] ^= 0xFF; // flip one byte
        File.WriteAllBytes(weights, bytes);
        var corrupt = Assert.Throws<ModelStoreException>(() => ModelStore.Load(tmp.Path, "s2i-c-demo", ModelKinds.S2I, Nets(TinyConfigs.Gan)));
        Assert.Contains("generator.weights is corrupt", corrupt.Message);

        File.WriteAllBytes(weights, bytes[..100]); // truncated
        Assert.Throws<ModelStoreException>(() => ModelStore.Verify(Path.Combine(tmp.Path, "s2i-c-demo")));
        File.Delete(weights);
        Assert.Contains("missing weights file generator.weights",
            Assert.Throws<ModelStoreException>(() => ModelStore.Verify(Path.Combine(tmp.Path, "s2i-c-demo"))).Message);
        Assert.Empty(ModelStore.List(tmp.Path));

        File.WriteAllText(Path.Combine(tmp.Path, "s2i-c-demo", "manifest.json"), "{ not json");
        Assert.Contains("not a valid model manifest",
            Assert.Throws<ModelStoreException>(() => ModelStore.Verify(Path.Combine(tmp.Path, "s2i-c-demo"))).Message);
    }

    [Fact]
    public void WrongKindOrWrongShapeIsAMismatch()
    {
        using var tmp = new TempDir();
        ModelStore.Save(tmp.Path, Manifest(), Nets(TinyConfigs.Gan));
        var kind = Assert.Throws<ModelStoreException>(() => ModelStore.Load(tmp.Path, "s2i-c-demo", ModelKinds.I2S, Nets(TinyConfigs.Gan)));
        Assert.Contains("is a s2i model, expected i2s", kind.Message);
        var wider = Nets(TinyConfigs.Gan with { GeneratorFilters = 4, DiscriminatorFilters = 4 });
        var shape = Assert.Throws<ModelStoreException>(() => ModelStore.Load(tmp.Path, "s2i-c-demo", ModelKinds.S2I, wider));
        Assert.Contains("do not fit", shape.Message);
        var other = new Dictionary<string, nn.Module> { ["generator"] = new I2SGenerator(TinyConfigs.Gan) };
        Assert.Throws<ModelStoreException>(() => ModelStore.Load(tmp.Path, "s2i-c-demo", ModelKinds.S2I, other));
    }

    [Fact]
    public void CrashMidSaveKeepsThePreviousModelAndListsNoPartialFolder()
    {
        using var tmp = new TempDir();
        ModelStore.Save(tmp.Path, Manifest(), Nets(TinyConfigs.Gan));
        ModelStore.BeforeCommit = _ => throw new IOException("simulated crash");
        try
        {
            Assert.Throws<IOException>(() => ModelStore.Save(tmp.Path, Manifest() with { Epoch = 9 }, Nets(TinyConfigs.Gan)));
        }
        finally
        {
            ModelStore.BeforeCommit = null;
        }
        Assert.Equal(3, Assert.Single(ModelStore.List(tmp.Path)).Epoch);
        // A leftover of a killed save (hidden temporary folder) is not a model.
        var partial = Path.Combine(tmp.Path, ".s2i-c-demo.tmp-dead");
        Directory.CreateDirectory(partial);
        File.Copy(Path.Combine(tmp.Path, "s2i-c-demo", "manifest.json"), Path.Combine(partial, "manifest.json"));
        Assert.Single(ModelStore.List(tmp.Path));
        // Replacing an existing model works and leaves one folder.
        ModelStore.Save(tmp.Path, Manifest() with { Epoch = 10 }, Nets(TinyConfigs.Gan));
        Assert.Equal(10, Assert.Single(ModelStore.List(tmp.Path)).Epoch);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("")]
    [InlineData("UPPER")]
    public void BadIdsAndKindsAreRefused(string id)
    {
        using var tmp = new TempDir();
        Assert.Throws<InvalidInputException>(() => ModelStore.Save(tmp.Path, Manifest(id), Nets(TinyConfigs.Gan)));
        Assert.Throws<InvalidInputException>(() => ModelStore.Save(tmp.Path, Manifest(kind: "gan"), Nets(TinyConfigs.Gan)));
        Assert.Throws<InvalidInputException>(() => ModelStore.Save(tmp.Path, Manifest() with { Variant = "x" }, Nets(TinyConfigs.Gan)));
        Assert.Throws<InvalidInputException>(() => ModelStore.Save(tmp.Path, Manifest(kind: ModelKinds.Pose) with { Variant = null }, Nets(TinyConfigs.Gan)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(tmp.Path));
    }

    [Fact]
    public void FoldersWithoutManifestOrWeightsAreNotModels()
    {
        using var tmp = new TempDir();
        var previews = Directory.CreateDirectory(tmp.Sub("store/previews")).FullName;
        File.WriteAllBytes(Path.Combine(previews, "s2i-c-epoch001.png"), [1, 2, 3]);
        var weightsOnly = Directory.CreateDirectory(tmp.Sub("store/half")).FullName;
        File.WriteAllBytes(Path.Combine(weightsOnly, "generator.weights"), [1, 2, 3]);
        var manifestOnly = Directory.CreateDirectory(tmp.Sub("store/broken")).FullName;
        File.WriteAllText(Path.Combine(manifestOnly, ModelStore.ManifestFile), "{");
        Assert.False(ModelStore.IsModelFolder(previews));
        Assert.True(ModelStore.IsModelFolder(weightsOnly)); // a model missing its manifest: broken, not ignored
        Assert.True(ModelStore.IsModelFolder(manifestOnly));
        Assert.False(ModelStore.IsModelFolder(Directory.CreateDirectory(tmp.Sub("store/.s2i-c.tmp-1")).FullName));
    }
}
