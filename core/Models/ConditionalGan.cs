using TorchSharp;
using TorchSharp.Modules;
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

/// <summary>DCGAN initialisation: conv weights ~ N(0, 0.02), batch-norm scale ~ N(1, 0.02), biases 0.</summary>
internal static class DcganInit
{
    public static void Apply(nn.Module root)
    {
        using var _ = no_grad();
        foreach (var (_, m) in root.named_modules())
        {
            switch (m)
            {
                case Conv2d c:
                    nn.init.normal_(c.weight!, 0, 0.02);
                    if (c.bias is not null) nn.init.zeros_(c.bias);
                    break;
                case ConvTranspose2d t:
                    nn.init.normal_(t.weight!, 0, 0.02);
                    if (t.bias is not null) nn.init.zeros_(t.bias);
                    break;
                case BatchNorm2d b:
                    nn.init.normal_(b.weight!, 1, 0.02);
                    nn.init.zeros_(b.bias!);
                    break;
            }
        }
    }

    /// <summary>Condition [N, C] replicated over an H x W grid: [N, C, H, W].</summary>
    public static Tensor Tile(Tensor condition, long h, long w) =>
        condition.unsqueeze(-1).unsqueeze(-1).expand(condition.shape[0], condition.shape[1], h, w);
}
