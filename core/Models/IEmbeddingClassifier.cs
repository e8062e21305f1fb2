using static TorchSharp.torch;

namespace CrossModal.Core.Models;

/// <summary>A classifier whose penultimate FC output is the modality embedding used as GAN condition.</summary>
public interface IEmbeddingClassifier
{
    int EmbeddingSize { get; }
    int Classes { get; }
    /// <summary>The embedding [N, EmbeddingSize].</summary>
    Tensor Embed(Tensor x);
    /// <summary>Embedding and class logits from one pass.</summary>
    (Tensor Embedding, Tensor Logits) EmbedAndClassify(Tensor x);
    /// <summary>Explicit L2 penalty to add to the loss (0 when the config sets none).</summary>
    Tensor RegularisationPenalty();
}
