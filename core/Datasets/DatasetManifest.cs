using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrossModal.Core.Datasets;

/// <summary>
/// <c>dataset.json</c>: where a dataset came from and what it holds. JSON in camelCase; fields this version
/// does not know are kept (in <see cref="Extra"/>) so that tools never lose each other's information.
/// </summary>
public sealed record DatasetManifest
{
    public const string CurrentFormat = "crossmodal-paired-dataset/1";

    public string Format { get; init; } = CurrentFormat;

    /// <summary>What built it, e.g. "videos" (performance videos), "synthetic".</summary>
    public string Source { get; init; } = "";

    public long? Seed { get; init; }

    public DateTimeOffset? Created { get; init; }

    /// <summary>Pairs per split folder name, then per label.</summary>
    public Dictionary<string, Dictionary<string, int>> Counts { get; init; } = [];

    /// <summary>What the builder left out, by reason (e.g. "Silent": chunks at or below −45 dBFS).</summary>
    public Dictionary<string, int> Skipped { get; init; } = [];

    public List<string> Notes { get; init; } = [];

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static DatasetManifest CountsOf(IEnumerable<(DatasetSplit Split, string Label)> pairs, string source, long? seed) => new()
    {
        Source = source,
        Seed = seed,
        Created = DateTimeOffset.UtcNow,
        Counts = pairs.GroupBy(p => p.Split.FolderName())
            .ToDictionary(g => g.Key, g => g.GroupBy(p => p.Label).OrderBy(l => l.Key, StringComparer.Ordinal)
                .ToDictionary(l => l.Key, l => l.Count())),
    };

    public void WriteFile(string path) => AtomicFile.Write(path, s => JsonSerializer.Serialize(s, this, Json));

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static DatasetManifest ReadFile(string path)
    {
        try
        {
            using var s = File.OpenRead(path);
            return JsonSerializer.Deserialize<DatasetManifest>(s, Json)
                ?? throw new InvalidInputException($"'{Path.GetFileName(path)}': empty manifest (null).");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"'{Path.GetFileName(path)}': not a valid manifest ({e.Message.ReplaceLineEndings(" ")}).", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"'{path}': cannot be read ({e.Message}).", e);
        }
    }
}
