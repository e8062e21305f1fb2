using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CrossModal.Core.Models;

/// <summary>
/// A transposed convolution of a 1x1 map without padding (a DCGAN generator's first layer: [z ; condition] → a k x k map).
/// Each output pixel is a linear function of the input vector, so the layer is a matrix product, and it is computed as
/// one. Why: libtorch 2.10's oneDNN (v3.7.1) returns wrong numbers, now and then NaN, for exactly this layer when its
/// input channels are not a multiple of the kernel's SIMD block (noise 100 + condition 64 = 164 channels) — bench
/// `onednn-faults`, docs/RELIABILITY.md. The matrix product runs on MKL and gives the transposed convolution's numbers
/// with oneDNN on or off. The parameter keeps ConvTranspose2d's name and shape (stored weights load unchanged) and its
/// initialisation draws.
/// </summary>
public sealed class FullExtentConvTranspose2d : Module<Tensor, Tensor>
{
    private readonly long inChannels, outChannels, height, width;

    public FullExtentConvTranspose2d(long inChannels, long outChannels, (long Height, long Width) kernel) : base(nameof(FullExtentConvTranspose2d))
    {
        (this.inChannels, this.outChannels, height, width) = (inChannels, outChannels, kernel.Height, kernel.Width);
        // Built from the ConvTranspose2d it replaces, so that constructing it draws the same random numbers as before.
        using var template = ConvTranspose2d(inChannels, outChannels, kernel, bias: false);
        // Registered by name and looked up when used: moving or loading a module replaces its parameters.
        register_parameter("weight", OwnedParameter.CopyOf(template.weight!));
    }

    public Parameter Weight => get_parameter("weight")!;

    public override Tensor forward(Tensor x)
    {
        ModelShapes.Expect(x, nameof(FullExtentConvTranspose2d), inChannels, 1, 1);
        using var scope = NewDisposeScope();
        return x.flatten(1).matmul(Weight.flatten(1)).view(-1, outChannels, height, width).MoveToOuterDisposeScope();
    }
}
