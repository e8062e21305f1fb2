namespace CrossModal.Core.Training;

/// <summary>Mean absolute error between predicted and target pose parameters, overall and per parameter.</summary>
public sealed record PoseError(double MeanAbsoluteError, double[] PerParameter)
{
    public static PoseError Between(IReadOnlyList<double[]> predicted, IReadOnlyList<double[]> target)
    {
        if (predicted.Count != target.Count) throw new InvalidInputException($"{predicted.Count} predicted poses but {target.Count} targets");
        if (predicted.Count == 0) throw new InvalidInputException("no poses to compare");
        var k = target[0].Length;
        if (k == 0) throw new InvalidInputException("pose vectors are empty");
        var per = new double[k];
        for (var i = 0; i < predicted.Count; i++)
        {
            if (predicted[i].Length != k || target[i].Length != k)
                throw new InvalidInputException($"pose {i} has {predicted[i].Length} predicted / {target[i].Length} target parameters, expected {k}");
            for (var j = 0; j < k; j++)
            {
                var d = Math.Abs(predicted[i][j] - target[i][j]);
                if (double.IsNaN(d)) throw new InvalidInputException($"pose {i} parameter {j} is NaN");
                per[j] += d / predicted.Count;
            }
        }
        return new PoseError(per.Average(), per);
    }
}
