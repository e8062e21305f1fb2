using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Models;

/// <summary>D(sample, embedding) → one logit per sample, [N]. Owns its own condition projection.</summary>
public abstract class ConditionalDiscriminator(string name) : nn.Module<Tensor, Tensor, Tensor>(name)
{
    public abstract int EmbeddingSize { get; }
    public abstract long[] SampleShape { get; }

    /// <summary>Real classes K of the auxiliary class head (AC-GAN); 0 when D has none.</summary>
    public virtual int AuxiliaryClasses => 0;

    /// <summary>
    /// The real/fake logit [N] and, when D has an auxiliary class head, class logits [N, K + 1] from the same pass over
    /// the sample: the K classes, then "generated" (index K). The head reads D's image features, not the condition,
    /// so it cannot just echo it.
    /// </summary>
    public virtual (Tensor Logit, Tensor? ClassLogits) Judge(Tensor sample, Tensor embedding) => (call(sample, embedding), null);
}
