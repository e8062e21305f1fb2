using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrossModal.Core.Recipes;

/// <summary>One epoch of one model's training: mean losses and, for GANs and classifiers, accuracies (Fig. 9).</summary>
public sealed record EpochRecord
{
    public int Epoch { get; init; }
    public Dictionary<string, double> Losses { get; init; } = new();
    public double? TrainAccuracy { get; init; }
    public double? ValidationAccuracy { get; init; }
    /// <summary>Sample grid written at this epoch, relative to the model store root.</summary>
    public string? Preview { get; init; }
    /// <summary>The epoch whose generator was kept (recipes with keepBestEpoch); written only when true.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Selected { get; init; }
}

/// <summary>How one model of a recipe was trained and what it cost.</summary>
public sealed record StepRecord
{
    public required string Id { get; init; }
    public required string Kind { get; init; }
    public double Seconds { get; init; }
    public int Threads { get; init; }
    public long Parameters { get; init; }
    public List<EpochRecord> Epochs { get; init; } = [];
    public Dictionary<string, double> Metrics { get; init; } = new();
    /// <summary>Which convolution kernels the step's trainer chose, and why (<c>FastKernels</c>); written when a trainer chose.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Kernels { get; init; }
}

/// <summary>
/// <c>training-history.json</c> at the root of a trained model set: what each recipe step did, epoch by epoch.
/// The report command draws the accuracy-per-epoch plots and the cost table from it.
/// </summary>
public sealed record TrainingHistory
{
    public const string FileName = "training-history.json";

    public string Recipe { get; init; } = "";
    public string Dataset { get; init; } = "";
    public string Machine { get; init; } = "";
    public List<StepRecord> Steps { get; init; } = [];

    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static TrainingHistory Read(string modelRoot)
    {
        var path = Path.Combine(modelRoot, FileName);
        if (!File.Exists(path)) return new TrainingHistory();
        try { return JsonSerializer.Deserialize<TrainingHistory>(File.ReadAllText(path), Json) ?? new TrainingHistory(); }
        catch (JsonException e) { throw new InvalidInputException($"'{path}' is not a valid training history: {e.Message}", e); }
    }

    /// <summary>Replaces the record of <paramref name="step"/>'s model (a retrained model replaces its history) and saves atomically.</summary>
    public TrainingHistory With(StepRecord step)
    {
        var steps = Steps.Where(s => s.Id != step.Id).Append(step).ToList();
        return this with { Steps = steps };
    }

    public void Write(string modelRoot)
    {
        var text = JsonSerializer.Serialize(this, Json);
        AtomicFile.Write(Path.Combine(modelRoot, FileName), s => s.Write(System.Text.Encoding.UTF8.GetBytes(text)));
    }
}
