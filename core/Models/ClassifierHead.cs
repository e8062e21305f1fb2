using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CrossModal.Core.Models;

/// <summary>
/// The fully connected head the paper gives both classifiers (<see cref="ImageClassifier"/>, <see cref="SoundClassifier"/>):
/// FC → ReLU → dropout → FC (the embedding) → ReLU → dropout → FC (class logits), and its TF-style L2 penalty. The
/// layers stay fields of each classifier, so their stored weights keep their names (fc1, fc2, fc3).
/// </summary>
internal static class ClassifierHead
{
    /// <summary>The embedding (after its ReLU) and the class logits of flattened features; both in the caller's scope.</summary>
    public static (Tensor Embedding, Tensor Logits) Apply(Tensor features, Linear fc1, Dropout drop1, Linear fc2, Dropout drop2, Linear fc3)
    {
        var h = drop1.call(nn.functional.relu(fc1.call(features)));
        var embedding = nn.functional.relu(fc2.call(h));
        return (embedding, fc3.call(drop2.call(embedding)));
    }

    /// <summary>TF-style L2 (coefficient * sum(w^2) / 2) over weight matrices (the FC layers', biases excluded).</summary>
    public static Tensor Penalty(double coefficient, params Tensor[] weights)
    {
        if (coefficient == 0) return zeros(1, device: weights[0].device).squeeze();
        using var scope = NewDisposeScope();
        var sum = weights[0].square().sum();
        for (var i = 1; i < weights.Length; i++) sum = sum + weights[i].square().sum();
        return (sum * (coefficient / 2)).MoveToOuterDisposeScope();
    }
}
