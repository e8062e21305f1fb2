using CrossModal.Core.Training;

namespace CrossModal.Core.Recipes;

/// <summary>The metrics a recipe step stores in its model's manifest.</summary>
internal static class StepMetrics
{
    /// <summary>The final (or selected) epoch's accuracies and losses, and the last losses a trainer reported.</summary>
    public static Dictionary<string, double> Of(List<EpochRecord> epochs, TrainingResult? result)
    {
        var m = new Dictionary<string, double>();
        if ((epochs.LastOrDefault(e => e.Selected) ?? epochs.LastOrDefault()) is { } last)
        {
            if (last.Selected) m["selected_epoch"] = last.Epoch;
            if (last.TrainAccuracy is double t) m["train_accuracy"] = t;
            if (last.ValidationAccuracy is double v) m["validation_accuracy"] = v;
            foreach (var (k, v2) in last.Losses) m[$"loss_{k}"] = v2;
        }
        if (result is not null) foreach (var (k, v) in result.LastEpochLosses) m[$"loss_{k}"] = v;
        return m;
    }
}
