using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CrossModal.Core.Models;

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
                case MatrixConv2d c:
                    nn.init.normal_(c.Weight, 0, 0.02);
                    if (c.Bias is not null) nn.init.zeros_(c.Bias);
                    break;
                case BlockAlignedConv2d c:
                    nn.init.normal_(c.Weight, 0, 0.02);
                    nn.init.zeros_(c.Bias);
                    break;
                case FullExtentConvTranspose2d t:
                    nn.init.normal_(t.Weight, 0, 0.02);
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
