namespace CrossModal.Core.Evaluation;

/// <summary>Confusion matrix (rows = true class, columns = predicted), overall and per-class accuracy.</summary>
public sealed record ClassificationReport(int[,] Confusion, double Accuracy, double[] PerClassAccuracy, int[] Support)
{
    /// <summary>
    /// Builds the report for <paramref name="classes"/> classes. A class with no samples has per-class accuracy NaN
    /// (undefined, and shown as such rather than as a misleading 0 or 1).
    /// </summary>
    public static ClassificationReport From(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, int classes)
    {
        if (truth.Count != predicted.Count) throw new InvalidInputException($"{truth.Count} true labels but {predicted.Count} predictions");
        if (truth.Count == 0) throw new InvalidInputException("no samples to evaluate");
        if (classes < 1) throw new InvalidInputException($"class count must be positive, got {classes}");
        var confusion = new int[classes, classes];
        for (var i = 0; i < truth.Count; i++)
        {
            if ((uint)truth[i] >= classes || (uint)predicted[i] >= classes)
                throw new InvalidInputException($"sample {i}: label {truth[i]} / prediction {predicted[i]} outside 0..{classes - 1}");
            confusion[truth[i], predicted[i]]++;
        }
        var support = new int[classes];
        var perClass = new double[classes];
        var correct = 0;
        for (var c = 0; c < classes; c++)
        {
            for (var p = 0; p < classes; p++) support[c] += confusion[c, p];
            correct += confusion[c, c];
            perClass[c] = support[c] == 0 ? double.NaN : (double)confusion[c, c] / support[c];
        }
        return new ClassificationReport(confusion, (double)correct / truth.Count, perClass, support);
    }
}
