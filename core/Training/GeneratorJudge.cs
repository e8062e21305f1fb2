using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Training;
using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>
/// The paper's classifier-based evaluation during training (Fig. 9): a generator makes one sample per
/// condition with fixed noise, and a frozen classifier labels it; accuracy = share labelled as the
/// condition's instrument. For I2S the 128x34 output is brought back to a 128x44 LMS and unit scaling first.
/// </summary>
public static class GeneratorJudge
{
    public static double ImageAccuracy(ConditionalGenerator generator, Tensor conditions, int[] labels, ImageClassifier judge, long seed)
    {
        using var generated = Generate(generator, conditions, seed);
        return Accuracy(ClassifierInference.Predict(judge, generated), labels);
    }

    public static double SoundAccuracy(ConditionalGenerator generator, Tensor conditions, int[] labels, SoundClassifier judge, long seed)
    {
        using var generated = Generate(generator, conditions, seed);
        using var db = SoundInput.Normalisation.FromI2S(generated);
        using var unit = SoundInput.ToUnit(db);
        return Accuracy(ClassifierInference.Predict(judge, unit), labels);
    }

    /// <summary>One sample per condition row, noise from (seed), in eval and inference mode; the generator is left in eval mode.</summary>
    public static Tensor Generate(ConditionalGenerator generator, Tensor conditions, long seed, int batchSize = 128)
    {
        generator.eval();
        using var noise = new Generator((ulong)Seeding.Derive(seed, "judge-noise"));
        var parts = new List<Tensor>();
        try
        {
            using (inference_mode())
            {
                for (long start = 0; start < conditions.shape[0]; start += batchSize)
                {
                    using var scope = NewDisposeScope();
                    var len = Math.Min(batchSize, conditions.shape[0] - start);
                    var z = randn([len, generator.NoiseSize], generator: noise).to(conditions.device);
                    parts.Add(generator.call(conditions.narrow(0, start, len), z).MoveToOuterDisposeScope());
                }
                return cat(parts, 0);
            }
        }
        finally
        {
            foreach (var p in parts) p.Dispose();
        }
    }

    public static double Accuracy(int[] predicted, int[] labels)
    {
        if (predicted.Length != labels.Length || labels.Length == 0) throw new ArgumentException("predictions and labels must be non-empty and of equal length");
        return predicted.Zip(labels).Count(p => p.First == p.Second) / (double)labels.Length;
    }

    /// <summary>Up to <paramref name="perClass"/> row indices of each class, a seeded choice, in class order.</summary>
    public static int[] PerClassSubset(int[] labels, int perClass, long seed)
    {
        var rng = Seeding.Stream(seed, "judge-subset");
        return Enumerable.Range(0, labels.Length).GroupBy(i => labels[i]).OrderBy(g => g.Key)
            .SelectMany(g => g.OrderBy(_ => rng.Next()).Take(perClass).Order())
            .ToArray();
    }
}
