using System.Text;
using System.Text.Json;

namespace CrossModal.Core.Storage;

public static partial class ModelStore
{
    /// <summary>
    /// Adds (or replaces) metrics in a stored model's manifest, e.g. measures taken on a test split after training,
    /// so that everyone listing the store (the CLI, the web app's Models page) sees them beside the training metrics.
    /// The model is verified first (a corrupt or missing model is refused and nothing is written); the weights are not
    /// touched and the manifest is replaced atomically. Metric names: 1-64 characters of a-z, 0-9, '.', '_' or '-';
    /// values must be finite.
    /// </summary>
    public static ModelManifest RecordMetrics(string root, string id, IReadOnlyDictionary<string, double> metrics)
    {
        if (!IdPattern().IsMatch(id)) throw new InvalidInputException($"'{id}' is not a model id");
        foreach (var (name, value) in metrics)
        {
            if (name.Length is < 1 or > 64 || !name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '_' or '-'))
                throw new InvalidInputException($"metric name '{name}' must be 1-64 characters of a-z, 0-9, '.', '_' or '-'");
            if (!double.IsFinite(value)) throw new InvalidInputException($"metric '{name}' is {value}; only finite values are recorded");
        }
        var folder = Path.Combine(Path.GetFullPath(root), id);
        ModelManifest manifest;
        try { manifest = Verify(folder); }
        catch (ModelStoreException e) { throw new InvalidInputException($"model '{id}' in '{root}' cannot be used: {e.Message}", e); }
        var merged = new Dictionary<string, double>(manifest.Metrics);
        foreach (var (name, value) in metrics) merged[name] = value;
        var updated = manifest with { Metrics = merged };
        AtomicFile.WriteAllBytes(Path.Combine(folder, ManifestFile), Encoding.UTF8.GetBytes(JsonSerializer.Serialize(updated, ModelManifest.Json)));
        return updated;
    }
}
