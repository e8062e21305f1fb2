using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CrossModal.Core.Models;

/// <summary>
/// A convolution whose kernel covers its whole input map, without padding (a discriminator's last layer: 4x4 features →
/// one logit), computed as the matrix product over the flattened map that it is. Why: libtorch 2.10's oneDNN (v3.7.1)
/// returns wrong numbers, now and then NaN, for the input gradient of exactly such a layer when its output channels are
/// not a multiple of the kernel's SIMD block (one logit: 1 channel) — bench `onednn-faults`, docs/RELIABILITY.md. The
/// matrix product runs on MKL and gives the convolution's numbers with oneDNN on or off. The parameters keep Conv2d's
/// names and shapes (stored weights load unchanged) and its initialisation draws.
/// </summary>
public sealed class MatrixConv2d : Module<Tensor, Tensor>
{
    private readonly long inChannels, outChannels, height, width;

    public MatrixConv2d(long inChannels, long outChannels, (long Height, long Width) kernel, bool hasBias = true) : base(nameof(MatrixConv2d))
    {
        (this.inChannels, this.outChannels, height, width) = (inChannels, outChannels, kernel.Height, kernel.Width);
        // Built from the Conv2d it replaces, so that constructing it draws the same random numbers as before.
        using var template = Conv2d(inChannels, outChannels, kernel, bias: hasBias);
        // Registered by name and looked up when used: moving or loading a module replaces its parameters.
        register_parameter("weight", OwnedParameter.CopyOf(template.weight!));
        if (hasBias) register_parameter("bias", OwnedParameter.CopyOf(template.bias!));
    }

    public Parameter Weight => get_parameter("weight")!;
    public Parameter? Bias => get_parameter("bias");

    public override Tensor forward(Tensor x)
    {
        ModelShapes.Expect(x, nameof(MatrixConv2d), inChannels, height, width);
        using var scope = NewDisposeScope();
        var y = x.flatten(1).matmul(Weight.flatten(1).t());
        if (Bias is { } bias) y = y + bias;
        return y.view(-1, outChannels, 1, 1).MoveToOuterDisposeScope();
    }
}
