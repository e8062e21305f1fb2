using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>
/// Mode-seeking regularisation (Mao et al. 2019, MSGAN), the direct cure for a generator that ignores z (issue 17: z
/// explained about 1 % of G's first-layer variance). For one batch of conditions c and two noise draws z1, z2, the
/// ratio r = mean|G(c, z1) − G(c, z2)| / mean|z1 − z2| says how far the samples move per unit of noise; G minimises
/// 1 / (r + ε), which is large when different noise gives the same picture. Means are over every element of the
/// batch, and ε = 1e-5, as in the reference (MSGAN's DCGAN model). The trainer adds it to G's loss with its own weight
/// (the reference uses 1); G(c, z1) and G(c, z2) can come from one forward pass over [c; c] and [z1; z2], split in
/// halves, and those samples can also serve as the "fake" term of the adversarial loss.
/// </summary>
public static class ModeSeekingLoss
{
    public const double DefaultEpsilon = 1e-5;

    /// <param name="samples1">G(c, z1), [N, ...].</param>
    /// <param name="samples2">G(c, z2) for the same conditions, same shape.</param>
    /// <param name="noise1">z1, [N, Z].</param>
    /// <param name="noise2">z2, same shape.</param>
    public static Tensor Compute(Tensor samples1, Tensor samples2, Tensor noise1, Tensor noise2, double epsilon = DefaultEpsilon)
    {
        if (!samples1.shape.SequenceEqual(samples2.shape) || !noise1.shape.SequenceEqual(noise2.shape) || samples1.shape[0] != noise1.shape[0])
            throw new InvalidInputException(
                $"mode seeking needs two sample batches and two noise batches of one shape each, with one noise row per sample; got samples [{string.Join(",", samples1.shape)}] and [{string.Join(",", samples2.shape)}], noise [{string.Join(",", noise1.shape)}] and [{string.Join(",", noise2.shape)}]");
        if (!(epsilon > 0)) throw new InvalidInputException($"mode seeking's epsilon must be positive, got {epsilon}");
        using var scope = NewDisposeScope();
        var ratio = (samples1 - samples2).abs().mean() / (noise1 - noise2).abs().mean();
        return (1 / (ratio + epsilon)).MoveToOuterDisposeScope();
    }
}
