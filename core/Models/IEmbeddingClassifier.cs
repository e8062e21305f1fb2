using static TorchSharp.torch;

namespace CrossModal.Core.Models;

/// <summary>An encoder that maps a modality sample to the embedding used as GAN condition.</summary>
public interface IEmbedder
{
    int EmbeddingSize { get; }
    /// <summary>The embedding [N, EmbeddingSize].</summary>
    Tensor Embed(Tensor x);
}

/// <summary>A classifier whose penultimate FC output is the modality embedding.</summary>
public interface IEmbeddingClassifier : IEmbedder
{
    int Classes { get; }
    /// <summary>Embedding and class logits from one pass.</summary>
    (Tensor Embedding, Tensor Logits) EmbedAndClassify(Tensor x);
    /// <summary>Explicit L2 penalty to add to the loss (0 when the config sets none).</summary>
    Tensor RegularisationPenalty();
}
