using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Models;

/// <summary>G(embedding, z) → sample. Each generator owns its condition projection (GAN-CLS).</summary>
public abstract class ConditionalGenerator(string name) : nn.Module<Tensor, Tensor, Tensor>(name)
{
    public abstract int EmbeddingSize { get; }
    public abstract int NoiseSize { get; }
    /// <summary>Shape of one sample without the batch dimension, e.g. [3, 64, 64] or [1, 128, 34].</summary>
    public abstract long[] SampleShape { get; }
}
