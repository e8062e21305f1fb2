using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Models;

/// <summary>Batched inference helpers (eval mode, inference_mode, one dispose scope per batch).</summary>
public static class ClassifierInference
{
    /// <summary>Class-probability rows [N, classes] as doubles.</summary>
    public static double[][] Probabilities(nn.Module<Tensor, Tensor> classifier, Tensor inputs, int batchSize = 256)
    {
        classifier.eval();
        var rows = new List<double[]>();
        using (inference_mode())
        {
            for (long start = 0; start < inputs.shape[0]; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var len = Math.Min(batchSize, inputs.shape[0] - start);
                var p = nn.functional.softmax(classifier.call(inputs.narrow(0, start, len)), 1).to_type(ScalarType.Float64).cpu().contiguous();
                var flat = p.data<double>().ToArray();
                var k = (int)p.shape[1];
                for (var i = 0; i < len; i++) rows.Add(flat.AsSpan(i * k, k).ToArray());
            }
        }
        return rows.ToArray();
    }

    /// <summary>Arg-max class per row.</summary>
    public static int[] Predict(nn.Module<Tensor, Tensor> classifier, Tensor inputs, int batchSize = 256) =>
        Probabilities(classifier, inputs, batchSize).Select(r => Array.IndexOf(r, r.Max())).ToArray();
}
