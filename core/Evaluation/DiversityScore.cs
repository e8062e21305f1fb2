namespace CrossModal.Core.Evaluation;

/// <summary>
/// Class-entropy diversity of generated samples judged by a classifier (natural log, nats).
/// <see cref="MarginalEntropy"/> = H(mean p(y|x)): high when samples spread over classes.
/// <see cref="MeanSampleEntropy"/> = mean H(p(y|x)): low when each sample is confidently one class.
/// </summary>
public sealed record DiversityScore(double MarginalEntropy, double MeanSampleEntropy)
{
    public static DiversityScore FromProbabilities(IReadOnlyList<double[]> probabilities)
    {
        if (probabilities.Count == 0) throw new InvalidInputException("no class distributions to score");
        var k = probabilities[0].Length;
        if (k == 0) throw new InvalidInputException("class distributions are empty");
        var mean = new double[k];
        double sampleEntropy = 0;
        for (var i = 0; i < probabilities.Count; i++)
        {
            var p = probabilities[i];
            if (p.Length != k) throw new InvalidInputException($"distribution {i} has {p.Length} classes, expected {k}");
            var sum = 0.0;
            foreach (var v in p)
            {
                if (!(v >= 0) || double.IsInfinity(v)) throw new InvalidInputException($"distribution {i} has an invalid probability {v}");
                sum += v;
            }
            if (Math.Abs(sum - 1) > 1e-4) throw new InvalidInputException($"distribution {i} sums to {sum}, not 1");
            for (var c = 0; c < k; c++) mean[c] += p[c] / probabilities.Count;
            sampleEntropy += Entropy(p);
        }
        return new DiversityScore(Entropy(mean), sampleEntropy / probabilities.Count);
    }

    private static double Entropy(IEnumerable<double> p) => -p.Where(v => v > 0).Sum(v => v * Math.Log(v));
}
