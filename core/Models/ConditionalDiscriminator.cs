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

    /// <summary>Pose parameters P the auxiliary pose head reads from a sample; 0 when D has none.</summary>
    public virtual int PoseParameters => 0;

    /// <summary>The logit and whatever heads D has, from the same pass over the sample (<see cref="DiscriminatorJudgement"/>).</summary>
    public virtual DiscriminatorJudgement Judge(Tensor sample, Tensor embedding) => new(call(sample, embedding), null);
}
