using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CrossModal.Core.Models;

/// <summary>
/// A basic residual block (He et al. 2016): 3x3 conv (stride s) → batch norm → ReLU → 3x3 conv → batch norm, added to
/// the input (through a 1x1 conv + batch norm when the width or resolution changes), then ReLU. The second judges are
/// built from these so that their architecture shares nothing with the project's plain conv-pool classifiers.
/// </summary>
public sealed class ResidualBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1, conv2;
    private readonly BatchNorm2d norm1, norm2;
    private readonly Sequential? shortcut;

    public ResidualBlock(long inChannels, long outChannels, long stride) : base(nameof(ResidualBlock))
    {
        conv1 = Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
        norm1 = BatchNorm2d(outChannels);
        conv2 = Conv2d(outChannels, outChannels, 3, padding: 1, bias: false);
        norm2 = BatchNorm2d(outChannels);
        if (stride != 1 || inChannels != outChannels)
            shortcut = Sequential(Conv2d(inChannels, outChannels, 1, stride: stride, bias: false), BatchNorm2d(outChannels));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = functional.relu(norm1.call(conv1.call(x)));
        h = norm2.call(conv2.call(h));
        var identity = shortcut is null ? x : shortcut.call(x);
        return functional.relu(h + identity).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A 3x3 conv stem (batch norm, ReLU; stride <paramref name="stemStride"/>) followed by one residual block per
    /// width; the first block keeps the stem's resolution, each later one halves it.
    /// </summary>
    public static Sequential Stages(long inChannels, IReadOnlyList<int> widths, int stemStride)
    {
        var layers = new List<Module<Tensor, Tensor>>
        {
            Conv2d(inChannels, widths[0], 3, stride: stemStride, padding: 1, bias: false), BatchNorm2d(widths[0]), ReLU(),
        };
        long cin = widths[0];
        for (var i = 0; i < widths.Count; i++)
        {
            layers.Add(new ResidualBlock(cin, widths[i], i == 0 ? 1 : 2));
            cin = widths[i];
        }
        return Sequential(layers);
    }
}
