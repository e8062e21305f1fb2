using CrossModal.Core.Datasets;
using CrossModal.Domain;

namespace CrossModal.Core.Evaluation;

/// <summary>Accuracy on the samples of one instrument.</summary>
public sealed record InstrumentAccuracy(string Instrument, int N, double Accuracy);

/// <summary>
/// What an evaluator measured: the judge's accuracy over <see cref="N"/> samples, per instrument (instruments with
/// samples only), the confusion matrix (13 x 13, rows = true instrument, columns = predicted, in
/// <see cref="Instruments.All"/> order), and for generation the Fréchet distance between real and generated samples
/// in the judge's 128-d embedding space and the judge's class-entropy diversity of the generated samples.
/// </summary>
public sealed record EvaluationResult
{
    /// <summary>audio, image, s2i-c, s2i-n, s2i-a, pose-…, i2s.</summary>
    public required string Task { get; init; }
    /// <summary>Where the samples came from: a folder, or a dataset folder and split.</summary>
    public required string Source { get; init; }
    public required double Accuracy { get; init; }
    public required int N { get; init; }
    public required IReadOnlyList<InstrumentAccuracy> PerInstrument { get; init; }
    public required int[][] Confusion { get; init; }
    /// <summary>How the numbers were counted (e.g. per-file vote over chunks), for the reader.</summary>
    public string? Method { get; init; }
    /// <summary>Sound folders: the audible 0.5 s chunks classified, and the accuracy counted per chunk.</summary>
    public int? Chunks { get; init; }
    public double? ChunkAccuracy { get; init; }
    /// <summary>Generation: Fréchet distance real vs generated in the judge's embedding space (null when no real samples).</summary>
    public double? Fid { get; init; }
    public int? FidRealN { get; init; }
    public string? FidNote { get; init; }
    public double? DiversityMarginalEntropy { get; init; }
    public double? DiversityMeanSampleEntropy { get; init; }
    public long? Seed { get; init; }

    /// <summary>The accuracy, per-instrument accuracy and confusion of predictions against truth (13 classes).</summary>
    public static EvaluationResult From(string task, string source, IReadOnlyList<int> truth, IReadOnlyList<int> predicted)
    {
        var report = ClassificationReport.From(truth, predicted, Instruments.Count);
        var per = new List<InstrumentAccuracy>();
        for (var c = 0; c < Instruments.Count; c++)
            if (report.Support[c] > 0) per.Add(new InstrumentAccuracy(Instruments.All[c], report.Support[c], report.PerClassAccuracy[c]));
        var confusion = new int[Instruments.Count][];
        for (var r = 0; r < Instruments.Count; r++)
        {
            confusion[r] = new int[Instruments.Count];
            for (var c = 0; c < Instruments.Count; c++) confusion[r][c] = report.Confusion[r, c];
        }
        return new EvaluationResult { Task = task, Source = source, Accuracy = report.Accuracy, N = truth.Count, PerInstrument = per, Confusion = confusion };
    }

    /// <summary>Arg-max class of each probability row.</summary>
    public static int[] ArgMax(IReadOnlyList<double[]> probabilities) =>
        probabilities.Select(p => Array.IndexOf(p, p.Max())).ToArray();

    /// <summary>The diversity fields from the judge's class probabilities of generated samples.</summary>
    public EvaluationResult WithDiversity(IReadOnlyList<double[]> probabilities)
    {
        var d = DiversityScore.FromProbabilities(probabilities);
        return this with { DiversityMarginalEntropy = d.MarginalEntropy, DiversityMeanSampleEntropy = d.MeanSampleEntropy };
    }
}
