using CrossModal.Core.Models;
using CrossModal.Core.Storage;
using CrossModal.Core.Tests.Models;
using CrossModal.Core.Tests.Training;
using TorchSharp;

namespace CrossModal.Core.Tests.Storage;

public class ModelStoreMetricsTests
{
    static string SavedModel(TempDir tmp)
    {
        var manifest = new ModelManifest
        {
            Id = "s2i-c", Kind = ModelKinds.S2I, Variant = "c", DatasetId = "synthetic-1", Epoch = 3,
            Metrics = new() { ["accuracy"] = 0.5 }, Config = new() { ["gan"] = ModelManifest.ToConfigNode(TinyConfigs.Gan) },
        };
        ModelStore.Save(tmp.Path, manifest, new Dictionary<string, torch.nn.Module> { ["generator"] = new S2IGenerator(TinyConfigs.Gan) });
        return tmp.Path;
    }

    [Fact]
    public void RecordedMetricsJoinTheTrainingOnesAndWeightsStayVerified()
    {
        using var tmp = new TempDir();
        var root = SavedModel(tmp);
        var weights = File.ReadAllBytes(Path.Combine(root, "s2i-c", "generator.weights"));
        ModelStore.RecordMetrics(root, "s2i-c", new Dictionary<string, double> { ["quality.coverage"] = 0.25, ["accuracy"] = 0.75 });
        var m = ModelStore.Verify(Path.Combine(root, "s2i-c"));
        Assert.Equal(0.25, m.Metrics["quality.coverage"]);
        Assert.Equal(0.75, m.Metrics["accuracy"]); // a re-measured metric replaces the old value
        Assert.Equal(3, m.Epoch);
        Assert.Equal(weights, File.ReadAllBytes(Path.Combine(root, "s2i-c", "generator.weights")));
        Assert.Empty(Directory.GetFiles(Path.Combine(root, "s2i-c"), ".*")); // no temporary file left behind
    }

    [Fact]
    public void BadMetricsOrAMissingOrCorruptModelChangeNothing()
    {
        using var tmp = new TempDir();
        var root = SavedModel(tmp);
        var manifest = Path.Combine(root, "s2i-c", ModelStore.ManifestFile);
        var before = File.ReadAllText(manifest);
        Assert.Throws<InvalidInputException>(() => ModelStore.RecordMetrics(root, "s2i-c", new Dictionary<string, double> { ["quality.x"] = double.NaN }));
        Assert.Throws<InvalidInputException>(() => ModelStore.RecordMetrics(root, "s2i-c", new Dictionary<string, double> { ["../evil"] = 1 }));
        Assert.Throws<InvalidInputException>(() => ModelStore.RecordMetrics(root, "../s2i-c", new Dictionary<string, double> { ["x"] = 1 }));
        Assert.Contains("no-such", Assert.Throws<InvalidInputException>(() =>
            ModelStore.RecordMetrics(root, "no-such", new Dictionary<string, double> { ["x"] = 1 })).Message);
        Assert.Equal(before, File.ReadAllText(manifest));
        File.WriteAllBytes(Path.Combine(root, "s2i-c", "generator.weights"), [1, 2, 3]);
        Assert.Contains("corrupt", Assert.Throws<InvalidInputException>(() =>
            ModelStore.RecordMetrics(root, "s2i-c", new Dictionary<string, double> { ["x"] = 1 })).Message);
        Assert.Equal(before, File.ReadAllText(manifest));
    }
}
