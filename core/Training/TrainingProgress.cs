namespace CrossModal.Core.Training;

/// <summary>A small sample grid a trainer shows at key epochs: float data [count, C, H, W] in [-1, 1], row-major.</summary>
public sealed record SamplePreview(float[] Data, long[] Shape);

/// <summary>
/// Progress of a training run. <see cref="Step"/> is 1-based within the epoch; at the end of an epoch a report
/// with <see cref="EpochCompleted"/> = true carries the epoch's mean losses, the evaluator's accuracy (if any)
/// and the preview (at preview epochs). <see cref="Phase"/> names the stage (e.g. "gan", "classifier", "stack 2").
/// </summary>
public sealed record TrainingProgress(
    string Phase,
    int Epoch,
    int Epochs,
    int Step,
    int StepsPerEpoch,
    IReadOnlyDictionary<string, double> Losses,
    bool EpochCompleted = false,
    double? Accuracy = null,
    SamplePreview? Preview = null);

/// <summary>Raised when a loss becomes NaN or infinite; training stops and no checkpoint of that state is written.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);

internal static class LossGuard
{
    public static double Check(TorchSharp.torch.Tensor loss, string name, int epoch, int step)
    {
        var v = loss.item<float>();
        if (!float.IsFinite(v)) throw Diverged(name, $"loss became {(float.IsNaN(v) ? "NaN" : "infinite")}", epoch, step);
        return v;
    }

    public static TrainingDivergedException Diverged(string name, string what, int epoch, int step, string detail = "") =>
        new($"{name} {what} at epoch {epoch}, step {step}{detail}; training stopped, the last checkpoint is the previous good state (try a lower learning rate or check the inputs)");
}
