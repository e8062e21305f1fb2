using CrossModal.Core.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CrossModal.ModelServing;

/// <summary>
/// Healthy when the model store folder is readable and every model folder in it (<see cref="ModelStore.ModelFolders"/>)
/// verifies (manifest and SHA-256 of its weights). Verification hashes every weights file, so the answer is kept for <see cref="CacheFor"/> rather
/// than recomputed on every probe.
/// </summary>
public sealed class ModelStoreHealthCheck(ServicePaths paths, TimeProvider clock) : IHealthCheck
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    readonly object gate = new();
    (DateTimeOffset At, HealthCheckResult Result)? last;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (last is { } cached && now - cached.At < CacheFor) return Task.FromResult(cached.Result);
            var result = Check();
            last = (now, result);
            return Task.FromResult(result);
        }
    }

    HealthCheckResult Check()
    {
        var root = paths.Models;
        if (!Directory.Exists(root)) return HealthCheckResult.Unhealthy($"model store {root} does not exist");
        string[] folders;
        try
        {
            // Only model folders: a trained store also holds previews/ (sample grids), which has no manifest and
            // made the shipped models/starter report NOT_SERVING forever.
            folders = ModelStore.ModelFolders(root).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"model store {root} cannot be read: {e.Message}");
        }
        var broken = new List<string>();
        foreach (var folder in folders)
        {
            try { ModelStore.Verify(folder); }
            catch (ModelStoreException e) { broken.Add(e.Message); }
        }
        var data = new Dictionary<string, object> { ["models"] = folders.Length - broken.Count, ["root"] = root };
        return broken.Count == 0
            ? HealthCheckResult.Healthy($"{folders.Length} model(s) verified in {root}", data)
            : HealthCheckResult.Unhealthy($"{broken.Count} model(s) in {root} fail verification, e.g. {broken[0]}", data: data);
    }
}
