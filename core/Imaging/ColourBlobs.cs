using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Imaging;

/// <summary>
/// The colour-blob probe of an image judge: each image shrunk to <c>size</c> x <c>size</c> by area averaging and
/// enlarged back bilinearly. What is left is where the colours are, not what is drawn; a judge that still labels
/// these right rewards the palette (as a generator of coloured blobs would exploit), so its accuracy here should be low.
/// </summary>
public static class ColourBlobs
{
    public static Tensor Of(Tensor images, int size = 8)
    {
        if (images.dim() != 4) throw new InvalidInputException($"colour blobs expect images [N,C,H,W], got [{string.Join(",", images.shape)}]");
        if (size < 1 || size > images.shape[2] || size > images.shape[3])
            throw new InvalidInputException($"blob size must be 1..{Math.Min(images.shape[2], images.shape[3])}, got {size}");
        using var small = nn.functional.adaptive_avg_pool2d(images, [size, size]);
        return nn.functional.interpolate(small, size: [images.shape[2], images.shape[3]], mode: InterpolationMode.Bilinear, align_corners: false);
    }
}
