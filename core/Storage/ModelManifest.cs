using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CrossModal.Core.Storage;

/// <summary>Kinds of stored models; the manifest spells them in kebab case.</summary>
public static class ModelKinds
{
    public const string SoundEncoder = "sound-encoder";
    public const string ImageEncoder = "image-encoder";
    public const string Autoencoder = "autoencoder";
    public const string S2I = "s2i";
    public const string Pose = "pose";
    public const string I2S = "i2s";
    /// <summary>The judge of pose-oriented generation: predicts the synthetic dataset's pose parameters from an image.</summary>
    public const string PoseRegressor = "pose-regressor";
    /// <summary>The second, independent image judge (issue 17): evaluates S2I, never used in training or selection.</summary>
    public const string ImageJudge = "image-judge";
    /// <summary>The second, independent sound judge, with a "refused" class: evaluates I2S, never used in training or selection.</summary>
    public const string SoundJudge = "sound-judge";
    /// <summary>The second, independent pose judge (issue 17 §3): another architecture than the pose regressor, never used in training or selection.</summary>
    public const string PoseJudge = "pose-judge";
    public static readonly IReadOnlyList<string> All = [SoundEncoder, ImageEncoder, Autoencoder, S2I, Pose, I2S, PoseRegressor, ImageJudge, SoundJudge, PoseJudge];
}

/// <summary>
/// <c>manifest.json</c> of a model folder. <see cref="Weights"/> maps each weights file name to its SHA-256 (hex).
/// <see cref="Config"/> holds the network config (widths) and normalisation, serialised from the config records.
/// </summary>
public sealed record ModelManifest
{
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;
    public required string Id { get; init; }
    public required string Kind { get; init; }
    /// <summary>S2I variant: c, n or a (null for other kinds).</summary>
    public string? Variant { get; init; }
    /// <summary>Instrument of a pose-oriented model.</summary>
    public string? Instrument { get; init; }
    public required string DatasetId { get; init; }
    public string Recipe { get; init; } = "";
    public int Epoch { get; init; }
    public Dictionary<string, double> Metrics { get; init; } = new();
    public JsonObject Config { get; init; } = new();
    public Dictionary<string, string> Weights { get; init; } = new();
    public DateTimeOffset Created { get; init; } = DateTimeOffset.UtcNow;

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Config section <paramref name="key"/> deserialised as <typeparamref name="T"/>.</summary>
    public T ConfigAs<T>(string key)
    {
        if (Config[key] is not JsonNode node) throw new ModelStoreException($"model '{Id}' manifest has no config '{key}'");
        try
        {
            return node.Deserialize<T>(Json) ?? throw new ModelStoreException($"model '{Id}' config '{key}' is null");
        }
        catch (JsonException e)
        {
            throw new ModelStoreException($"model '{Id}' config '{key}' is not a valid {typeof(T).Name}: {e.Message}", e);
        }
    }

    /// <summary>Stores <paramref name="value"/> as config section <paramref name="key"/>.</summary>
    public static JsonNode ToConfigNode<T>(T value) => JsonSerializer.SerializeToNode(value, Json)!;
}

/// <summary>A stored model that cannot be used as asked: missing, corrupt, or not the kind/shape expected.</summary>
public sealed class ModelStoreException(string message, Exception? inner = null) : Exception(message, inner);
