using CrossModal.Core.Datasets;
using CrossModal.Core.Models;
using CrossModal.Domain;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Evaluation;

/// <summary>A judge's verdict on N samples: class probabilities [N][13] and 128-d embeddings [N x D] row-major.</summary>
internal sealed record Judgement(double[][] Probabilities, float[] Embeddings, int EmbeddingSize)
{
    public int Count => Probabilities.Length;

    public Tensor EmbeddingTensor() => tensor(Embeddings, [Count, EmbeddingSize]);
}

/// <summary>
/// Runs a classifier (the judge) over samples made batch by batch, in eval mode under inference mode with one
/// dispose scope per batch, keeping only plain arrays, so any number of samples can be judged in bounded memory.
/// </summary>
internal static class JudgeRun
{
    public const int BatchSize = 64;

    /// <param name="makeBatch">Builds the judge's input for samples [start, start + length).</param>
    public static Judgement Run<TJudge>(TJudge judge, int n, Func<int, int, Tensor> makeBatch,
        IProgress<(int Done, int Total)>? progress, CancellationToken cancel)
        where TJudge : nn.Module, IEmbeddingClassifier
    {
        if (judge.Classes != Instruments.Count)
            throw new InvalidInputException($"the judge classifies {judge.Classes} classes; evaluation needs the {Instruments.Count} instruments.");
        judge.eval();
        var probabilities = new double[n][];
        var embeddings = new float[(long)n * judge.EmbeddingSize];
        using (inference_mode())
        {
            for (var start = 0; start < n; start += BatchSize)
            {
                cancel.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var length = Math.Min(BatchSize, n - start);
                var (embedding, logits) = judge.EmbedAndClassify(makeBatch(start, length));
                var p = nn.functional.softmax(logits, 1).to_type(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
                for (var i = 0; i < length; i++) probabilities[start + i] = p.AsSpan(i * Instruments.Count, Instruments.Count).ToArray();
                embedding.to_type(ScalarType.Float32).cpu().contiguous().data<float>().ToArray()
                    .CopyTo(embeddings, (long)start * judge.EmbeddingSize);
                progress?.Report((start + length, n));
            }
        }
        return new Judgement(probabilities, embeddings, judge.EmbeddingSize);
    }

    /// <summary>
    /// Accuracy of the judge's labels of generated samples against the labels of their conditions, plus the
    /// diversity of those labels and (when real samples are given) the Fréchet distance real vs generated.
    /// </summary>
    public static EvaluationResult ScoreGeneration(string task, string source, IReadOnlyList<int> truth, Judgement generated,
        Judgement? real, string? noRealReason, long seed)
    {
        var result = EvaluationResult.From(task, source, truth, EvaluationResult.ArgMax(generated.Probabilities))
            .WithDiversity(generated.Probabilities) with { Seed = seed };
        if (real is null) return result with { FidNote = noRealReason };
        if (real.Count < 2 || generated.Count < 2)
            return result with { FidRealN = real.Count, FidNote = "the Fréchet distance needs at least 2 real and 2 generated samples" };
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var fid = FrechetDistance.Between(real.EmbeddingTensor(), generated.EmbeddingTensor());
        return result with
        {
            Fid = fid, FidRealN = real.Count,
            FidNote = generated.Count < generated.EmbeddingSize || real.Count < real.EmbeddingSize
                ? $"fewer samples than the {generated.EmbeddingSize} embedding dimensions: the covariances are rank-deficient, compare distances only at equal sample counts"
                : null,
        };
    }
}
