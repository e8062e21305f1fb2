using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CrossModal.Core.Models;

/// <summary>
/// A convolution with few output channels, computed with its output channels padded with zero filters up to oneDNN's
/// SIMD block of 16, and the padding's outputs dropped. Why: libtorch 2.10's oneDNN (v3.7.1) computes the input
/// gradient of a convolution wrong when its output channels are not a multiple of that block (docs/RELIABILITY.md,
/// bug 5: 1 output channel wrong, 16 right), and a generator's last layer draws 3 channels and passes that gradient on.
/// With 16 output channels oneDNN reads no padded channel. The zero filters are constants, not parameters: the
/// parameters keep Conv2d's names and shapes (stored weights load unchanged) and its initialisation draws, and the
/// trainer's kernel self-check still checks the layer. Cheaper than a matrix product of unfolded patches (<see cref="MatrixConv2d"/>),
/// whose patches at 64x64 are ten times the layer's input.
/// </summary>
public sealed class BlockAlignedConv2d : Module<Tensor, Tensor>
{
    const long Block = 16;
    private readonly long inChannels, outChannels, kernel, padding;

    public BlockAlignedConv2d(long inChannels, long outChannels, long kernel, long padding) : base(nameof(BlockAlignedConv2d))
    {
        (this.inChannels, this.outChannels, this.kernel, this.padding) = (inChannels, outChannels, kernel, padding);
        // Built from the Conv2d it replaces, so that constructing it draws the same random numbers as before.
        using var template = Conv2d(inChannels, outChannels, kernel, padding: padding);
        // Registered by name and looked up when used: moving or loading a module replaces its parameters.
        register_parameter("weight", OwnedParameter.CopyOf(template.weight!));
        register_parameter("bias", OwnedParameter.CopyOf(template.bias!));
    }

    public Parameter Weight => get_parameter("weight")!;
    public Parameter Bias => get_parameter("bias")!;

    public override Tensor forward(Tensor x)
    {
        ModelShapes.Expect(x, nameof(BlockAlignedConv2d), inChannels, -1, -1);
        using var scope = NewDisposeScope();
        var padded = (outChannels + Block - 1) / Block * Block - outChannels;
        if (padded == 0) return nn.functional.conv2d(x, Weight, Bias, padding: [padding, padding]).MoveToOuterDisposeScope();
        var weight = cat([Weight, zeros([padded, inChannels, kernel, kernel], dtype: Weight.dtype, device: Weight.device)]);
        var bias = cat([Bias, zeros([padded], dtype: Bias.dtype, device: Bias.device)]);
        var y = nn.functional.conv2d(x, weight, bias, padding: [padding, padding]);
        return y[.., ..(int)outChannels].MoveToOuterDisposeScope();
    }
}
