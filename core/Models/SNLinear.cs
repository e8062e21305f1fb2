using static TorchSharp.torch;

namespace CrossModal.Core.Models;

/// <summary>
/// An affine map with a spectrally normalised [out, in] weight (<see cref="SpectrallyNormalisedLayer"/>): the
/// discriminator's unconditional output ψ and its condition projection P, so that every path from image to score is
/// Lipschitz-bounded.
/// </summary>
public sealed class SNLinear : SpectrallyNormalisedLayer
{
    public SNLinear(long inFeatures, long outFeatures, bool bias = true)
        : base(nameof(SNLinear), WeightShape(inFeatures, outFeatures), bias)
    {
    }

    protected override Tensor Apply(Tensor input, Tensor normalisedWeight, Tensor? bias) =>
        nn.functional.linear(input, normalisedWeight, bias);

    /// <summary>Checked before the base class allocates the weight, so a bad size is named, not a libtorch error.</summary>
    private static long[] WeightShape(long inFeatures, long outFeatures) =>
        inFeatures >= 1 && outFeatures >= 1
            ? [outFeatures, inFeatures]
            : throw new InvalidInputException($"a linear layer needs positive sizes, got {inFeatures}->{outFeatures}");
}
