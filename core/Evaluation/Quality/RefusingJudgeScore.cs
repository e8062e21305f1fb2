using CrossModal.Domain;

namespace CrossModal.Core.Evaluation.Quality;

/// <summary>
/// Scores a judge that may refuse (the second sound judge's "not a real instrument sound" output): a refusal counts as
/// a wrong label in the accuracy, overall and per instrument; the confusion matrix holds the labels it did give, and
/// the share refused is reported beside it.
/// </summary>
public static class RefusingJudgeScore
{
    public static (EvaluationResult Result, double Refused) Of(string task, string source, IReadOnlyList<int> truth, IReadOnlyList<int> predicted, int refusedClass)
    {
        if (truth.Count != predicted.Count) throw new InvalidInputException($"{truth.Count} labels but {predicted.Count} predictions");
        var answered = Enumerable.Range(0, truth.Count).Where(i => predicted[i] != refusedClass).ToArray();
        var given = EvaluationResult.From(task, source, answered.Select(i => truth[i]).ToArray(), answered.Select(i => predicted[i]).ToArray());
        var perInstrument = new List<InstrumentAccuracy>();
        foreach (var label in truth.Distinct().Order())
        {
            var mine = Enumerable.Range(0, truth.Count).Where(i => truth[i] == label).ToArray();
            perInstrument.Add(new InstrumentAccuracy(Instruments.All[label], mine.Length, mine.Count(i => predicted[i] == label) / (double)mine.Length));
        }
        var right = Enumerable.Range(0, truth.Count).Count(i => predicted[i] == truth[i]);
        var result = given with { N = truth.Count, Accuracy = truth.Count == 0 ? double.NaN : right / (double)truth.Count, PerInstrument = perInstrument };
        return (result, truth.Count == 0 ? 0 : (truth.Count - answered.Length) / (double)truth.Count);
    }
}
