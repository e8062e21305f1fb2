using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CrossModal.Core.Models;

/// <summary>
/// A convolution computed as the matrix product it is (patches unfolded, then one product), not by libtorch's
/// convolution kernels. Why: libtorch 2.10's oneDNN (v3.7.1) returns wrong numbers, now and then NaN, for some
/// convolutions whose channel count is not a multiple of its SIMD block — the input gradient of a discriminator's last
/// layer (one logit: 1 output channel) and of the upsampling generator's last layer (3 image channels) on every call
/// (bench `onednn-faults`, docs/RELIABILITY.md). Here the numbers come from MKL's matrix product with oneDNN on or off.
/// A kernel that covers the whole input without padding (a discriminator's last layer) needs no unfolding: one product
/// over the flattened map. The parameters keep Conv2d's names and shapes (stored weights load unchanged) and its
/// initialisation draws.
/// </summary>
public sealed class MatrixConv2d : Module<Tensor, Tensor>
{
    private readonly long inChannels, outChannels;
    private readonly (long Height, long Width) kernel, padding;

    public MatrixConv2d(long inChannels, long outChannels, (long Height, long Width) kernel, (long Height, long Width)? padding = null,
        bool hasBias = true) : base(nameof(MatrixConv2d))
    {
        (this.inChannels, this.outChannels, this.kernel, this.padding) = (inChannels, outChannels, kernel, padding ?? (0, 0));
        // Built from the Conv2d it replaces, so that constructing it draws the same random numbers as before.
        using var template = Conv2d(inChannels, outChannels, kernel, padding: this.padding, bias: hasBias);
        // Registered by name and looked up when used: moving or loading a module replaces its parameters.
        register_parameter("weight", OwnedParameter.CopyOf(template.weight!));
        if (hasBias) register_parameter("bias", OwnedParameter.CopyOf(template.bias!));
    }

    public Parameter Weight => get_parameter("weight")!;
    public Parameter? Bias => get_parameter("bias");

    public override Tensor forward(Tensor x)
    {
        ModelShapes.Expect(x, nameof(MatrixConv2d), inChannels, -1, -1);
        using var scope = NewDisposeScope();
        long height = x.shape[2] + 2 * padding.Height - kernel.Height + 1, width = x.shape[3] + 2 * padding.Width - kernel.Width + 1;
        if (height < 1 || width < 1)
            throw new InvalidInputException($"{nameof(MatrixConv2d)}: a {x.shape[2]}x{x.shape[3]} map is smaller than its {kernel.Height}x{kernel.Width} kernel");
        if (height == 1 && width == 1 && padding == (0, 0))
        {
            var whole = x.flatten(1).matmul(Weight.flatten(1).t());
            if (Bias is { } b) whole = whole + b;
            return whole.view(-1, outChannels, 1, 1).MoveToOuterDisposeScope();
        }
        // [N, C·kh·kw, L] patches; [O, C·kh·kw] x patches = [N, O, L].
        var y = Weight.flatten(1).matmul(nn.functional.unfold(x, kernel, padding: padding));
        if (Bias is { } bias) y = y + bias.view(1, -1, 1);
        return y.view(-1, outChannels, height, width).MoveToOuterDisposeScope();
    }
}
