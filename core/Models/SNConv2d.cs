using static TorchSharp.torch;

namespace CrossModal.Core.Models;

/// <summary>
/// A 2-d convolution with a spectrally normalised kernel (<see cref="SpectrallyNormalisedLayer"/>): σ is the largest
/// singular value of the kernel reshaped to [out, in·k·k], the normalisation SNGAN applies to convolutions (a cheap
/// stand-in for the convolution operator's own norm, and what the projection discriminator was trained with).
/// </summary>
public sealed class SNConv2d : SpectrallyNormalisedLayer
{
    private readonly long stride, padding;

    public SNConv2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, bool bias = true)
        : base(nameof(SNConv2d), KernelShape(inChannels, outChannels, kernelSize, stride, padding), bias)
    {
        this.stride = stride;
        this.padding = padding;
    }

    protected override Tensor Apply(Tensor input, Tensor normalisedWeight, Tensor? bias) =>
        nn.functional.conv2d(input, normalisedWeight, bias, strides: [stride, stride], padding: [padding, padding]);

    /// <summary>Checked before the base class allocates the kernel, so a bad size is named, not a libtorch error.</summary>
    private static long[] KernelShape(long inChannels, long outChannels, long kernelSize, long stride, long padding) =>
        inChannels >= 1 && outChannels >= 1 && kernelSize >= 1 && stride >= 1 && padding >= 0
            ? [outChannels, inChannels, kernelSize, kernelSize]
            : throw new InvalidInputException(
                $"a convolution needs positive channels, kernel and stride and padding >= 0, got {inChannels}->{outChannels}, k{kernelSize} s{stride} p{padding}");
}
