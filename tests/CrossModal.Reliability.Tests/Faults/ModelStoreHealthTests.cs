using CrossModal.Core.Models;
using CrossModal.Core.Storage;
using CrossModal.ModelServing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CrossModal.Reliability.Tests.Faults;

/// <summary>
/// Bug found by <see cref="GeneratorKillTests"/>: a store written by a recipe also holds <c>previews/</c> (sample grids,
/// no manifest), and the health check counted it as a broken model, so a service over the shipped models/starter
/// never reported SERVING. Folders without a manifest are not models; a model that fails verification still is.
/// </summary>
public sealed class ModelStoreHealthTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("cm-health-").FullName;

    Task<HealthCheckResult> Check() =>
        new ModelStoreHealthCheck(new ServicePaths(new CrossModalOptions { Models = _root }, _root), TimeProvider.System)
            .CheckHealthAsync(new HealthCheckContext());

    [Fact]
    public async Task PreviewsAndHiddenFoldersAreNotModelsButACorruptModelIsUnhealthy()
    {
        StoredModels.SaveImageEncoder(_root, new ImageClassifier(new ImageClassifierConfig { ConvChannels = [2, 2, 2, 2, 2, 2], HiddenUnits = 8 }),
            new StoredModels.Provenance("test", "test", 1, new Dictionary<string, double>()));
        Directory.CreateDirectory(Path.Combine(_root, "previews"));
        File.WriteAllBytes(Path.Combine(_root, "previews", "s2i-c-epoch001.png"), [1, 2, 3]);
        Directory.CreateDirectory(Path.Combine(_root, ".image-encoder.tmp-123"));

        var healthy = await Check();
        Assert.True(healthy.Status == HealthStatus.Healthy, healthy.Description);
        Assert.Contains("1 model(s) verified", healthy.Description);

        var weights = Directory.GetFiles(Path.Combine(_root, StoredModels.ImageEncoderId), "*.weights").First();
        var bytes = File.ReadAllBytes(weights);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(weights, bytes);
        var broken = await Check();
        Assert.Equal(HealthStatus.Unhealthy, broken.Status);
        Assert.Contains(StoredModels.ImageEncoderId, broken.Description);
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
