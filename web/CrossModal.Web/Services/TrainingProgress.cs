using CrossModal.Protos.V1;

namespace CrossModal.Web.Services;

/// <summary>
/// What the Training page shows of a run, folded from its events: per epoch the latest losses and accuracy (a step event
/// moves the current epoch's point, the epoch's closing event fixes it), the latest preview grids, the state and the log.
/// </summary>
public sealed class TrainingProgress
{
    /// <summary>Preview grids kept for display (the run sends about ten; the newest matter).</summary>
    public const int PreviewsKept = 4;

    /// <summary>Log lines kept (step events are many).</summary>
    public const int LogKept = 200;

    readonly SortedDictionary<int, Dictionary<string, double>> lossesByEpoch = [];
    readonly SortedDictionary<int, double> accuracyByEpoch = [];
    readonly List<byte[]> previews = [];
    readonly List<string> log = [];
    string? trainedModel;

    public string RunId { get; }
    public string State { get; private set; } = "queued";
    public string ModelId => trainedModel ?? "";
    public int Epoch { get; private set; }
    public int Epochs { get; private set; }
    public int Step { get; private set; }
    public int StepsPerEpoch { get; private set; }
    public int EventCount { get; private set; }

    public TrainingProgress(string runId) => RunId = runId;

    public bool IsFinished => State is "completed" or "failed" or "cancelled";

    /// <summary>Progress through the whole run, 0..1 (epochs done plus the fraction of the current one).</summary>
    public double Fraction => Epochs <= 0 ? 0 : Math.Clamp((Math.Max(0, Epoch - 1) + (StepsPerEpoch > 0 ? (double)Step / StepsPerEpoch : 0)) / Epochs, 0, 1);

    public IReadOnlyList<int> EpochNumbers => lossesByEpoch.Keys.Union(accuracyByEpoch.Keys).Order().ToList();

    /// <summary>Loss names in a stable order (e.g. d, g; or ce; or mse).</summary>
    public IReadOnlyList<string> LossNames => lossesByEpoch.Values.SelectMany(l => l.Keys).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>One value per epoch of <see cref="EpochNumbers"/> (null where that loss was not reported).</summary>
    public IReadOnlyList<double?> LossSeries(string name) =>
        EpochNumbers.Select(e => lossesByEpoch.TryGetValue(e, out var l) && l.TryGetValue(name, out var v) ? v : (double?)null).ToList();

    public IReadOnlyList<double?> AccuracySeries() =>
        EpochNumbers.Select(e => accuracyByEpoch.TryGetValue(e, out var a) ? a : (double?)null).ToList();

    public bool HasAccuracy => accuracyByEpoch.Count > 0;

    public IReadOnlyList<byte[]> Previews => previews;
    public IReadOnlyList<string> Log => log;
    public string LastMessage { get; private set; } = "";

    public void Apply(TrainingEvent e)
    {
        EventCount++;
        if (!string.IsNullOrEmpty(e.State)) State = e.State;
        if (!string.IsNullOrEmpty(e.Message))
        {
            LastMessage = e.Message;
            log.Add(string.IsNullOrEmpty(e.ModelId) ? e.Message : $"{e.ModelId}: {e.Message}");
            if (log.Count > LogKept) log.RemoveAt(0);
        }
        if (e.Epochs > 0)
        {
            // A run may load other models before training its own; the chart follows the model that reports epochs.
            if (trainedModel is not null && e.ModelId != trainedModel && !string.IsNullOrEmpty(e.ModelId))
            {
                lossesByEpoch.Clear();
                accuracyByEpoch.Clear();
            }
            trainedModel = string.IsNullOrEmpty(e.ModelId) ? trainedModel : e.ModelId;
            Epoch = e.Epoch;
            Epochs = e.Epochs;
            Step = e.Step;
            StepsPerEpoch = e.StepsPerEpoch;
            if (e.Losses.Count > 0) lossesByEpoch[e.Epoch] = new Dictionary<string, double>(e.Losses.Where(kv => double.IsFinite(kv.Value)));
            if (double.IsFinite(e.Accuracy)) accuracyByEpoch[e.Epoch] = e.Accuracy;
        }
        foreach (var png in e.PreviewPng)
        {
            previews.Add(png.ToByteArray());
            if (previews.Count > PreviewsKept) previews.RemoveAt(0);
        }
    }
}
