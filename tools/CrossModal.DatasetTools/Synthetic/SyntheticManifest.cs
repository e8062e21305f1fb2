using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrossModal.DatasetTools.Synthetic;

/// <summary>dataset.json at the dataset root: where the data came from, how it was made and what it holds.</summary>
public sealed record SyntheticManifest
{
    public const string FileName = "dataset.json";
    public const string SourceName = "synthetic-fluidr3";
    /// <summary>Bumped whenever the generator's output for a given seed changes.</summary>
    public const string CurrentGeneratorVersion = "1.0";

    [JsonPropertyName("source")] public string Source { get; init; } = SourceName;
    [JsonPropertyName("generator_version")] public string GeneratorVersion { get; init; } = CurrentGeneratorVersion;
    [JsonPropertyName("seed")] public int Seed { get; init; }
    [JsonPropertyName("per_class_target")] public int PerClassTarget { get; init; }
    [JsonPropertyName("sound_font")] public string SoundFont { get; init; } = FluidSynthRenderer.RequiredSoundFontName;
    [JsonPropertyName("sample_rate")] public int SampleRate { get; init; } = FluidSynthRenderer.SampleRate;
    [JsonPropertyName("chunk_samples")] public int ChunkSamples { get; init; } = ChunkCutter.ChunkSamples;
    [JsonPropertyName("silence_threshold_dbfs")] public double SilenceThresholdDbfs { get; init; } = Core.Audio.Loudness.SilenceThresholdDbfs;
    [JsonPropertyName("image_size")] public int ImageSize { get; init; }
    [JsonPropertyName("instruments")] public IReadOnlyList<string> Instruments { get; init; } = [];
    [JsonPropertyName("pieces")] public int Pieces { get; init; }
    /// <summary>split → instrument → pairs.</summary>
    [JsonPropertyName("counts")] public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Counts { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, int>>();
    [JsonPropertyName("created")] public DateTimeOffset Created { get; init; }

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The manifest in <paramref name="folder"/>, or null if there is none or it is not a synthetic one.</summary>
    public static SyntheticManifest? TryRead(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            var m = JsonSerializer.Deserialize<SyntheticManifest>(File.ReadAllText(path), Json);
            return m?.Source == SourceName ? m : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
