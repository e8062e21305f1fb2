using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrossModal.DatasetTools.Synthetic;

/// <summary>sounds.json at a sound-only set's root: the bank, the seed, the chunks per instrument and what was skipped.</summary>
public sealed record SoundSetManifest
{
    public const string FileName = "sounds.json";
    public const string SourceName = "sound-set";

    [JsonPropertyName("source")] public string Source { get; init; } = SourceName;
    [JsonPropertyName("bank")] public string Bank { get; init; } = "";
    [JsonPropertyName("seed")] public int Seed { get; init; }
    [JsonPropertyName("per_class_target")] public int PerClassTarget { get; init; }
    [JsonPropertyName("sample_rate")] public int SampleRate { get; init; } = MidiRenderProcess.SampleRate;
    [JsonPropertyName("chunk_samples")] public int ChunkSamples { get; init; } = ChunkCutter.ChunkSamples;
    [JsonPropertyName("silence_threshold_dbfs")] public double SilenceThresholdDbfs { get; init; } = Core.Audio.Loudness.SilenceThresholdDbfs;
    [JsonPropertyName("pieces")] public int Pieces { get; init; }
    /// <summary>instrument → chunks.</summary>
    [JsonPropertyName("counts")] public IReadOnlyDictionary<string, int> Counts { get; init; } = new Dictionary<string, int>();
    /// <summary>instrument → why the bank could not play it.</summary>
    [JsonPropertyName("skipped")] public IReadOnlyDictionary<string, string> Skipped { get; init; } = new Dictionary<string, string>();
    [JsonPropertyName("created")] public DateTimeOffset Created { get; init; }

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static SoundSetManifest? TryRead(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            var m = JsonSerializer.Deserialize<SoundSetManifest>(File.ReadAllText(path), Json);
            return m?.Source == SourceName ? m : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
