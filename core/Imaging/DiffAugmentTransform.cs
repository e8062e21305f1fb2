using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Imaging;

/// <summary>
/// One drawn DiffAugment transform for a batch (see <see cref="DiffAugmentPolicy"/>): per image i, a translation that
/// moves content by (ShiftRows[i], ShiftColumns[i]) pixels with zeros entering at the vacated border, then a cutout that
/// zeroes rows [CutoutTop[i], CutoutTop[i] + CutoutHeight) x columns [CutoutLeft[i], CutoutLeft[i] + CutoutWidth),
/// clipped to the image. The parameters are plain numbers, so the same transform can be applied to any number of
/// batches of the same size (real, fake and wrong images of one step), on any device. Built from a padded gather
/// and a multiplicative mask, so its gradient with respect to the image is exact: 1 where a pixel is kept (at its
/// moved position), 0 where it was shifted out or cut out.
/// </summary>
public sealed record DiffAugmentTransform(
    long[] ShiftRows, long[] ShiftColumns, long[] CutoutTop, long[] CutoutLeft, long CutoutHeight, long CutoutWidth)
{
    public int BatchSize => ShiftRows.Length;

    /// <summary>The transformed images, [N, C, H, W] for images [N, C, H, W] with N = <see cref="BatchSize"/>.</summary>
    public Tensor Apply(Tensor images)
    {
        Check(images);
        using var scope = NewDisposeScope();
        var moved = ShiftRows.Any(s => s != 0) || ShiftColumns.Any(s => s != 0) ? Translate(images) : images;
        var result = CutoutHeight > 0 && CutoutWidth > 0 ? moved.mul(KeepMask(images)) : moved.alias();
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// out[i, c, y, x] = in[i, c, y − dy, x − dx], 0 outside the image: the images are padded by one zero pixel and
    /// each output pixel gathers its source, any source outside the image clamped onto the zero padding.
    /// </summary>
    private Tensor Translate(Tensor images)
    {
        long n = images.shape[0], c = images.shape[1], h = images.shape[2], w = images.shape[3];
        var device = images.device;
        var padded = nn.functional.pad(images, [1, 1, 1, 1]);
        var rows = arange(h, dtype: ScalarType.Int64, device: device).view(1, h, 1);
        var columns = arange(w, dtype: ScalarType.Int64, device: device).view(1, 1, w);
        var dy = tensor(ShiftRows, device: device).view(n, 1, 1);
        var dx = tensor(ShiftColumns, device: device).view(n, 1, 1);
        var sourceRow = (rows - dy + 1).clamp(0, h + 1);
        var sourceColumn = (columns - dx + 1).clamp(0, w + 1);
        var index = (sourceRow * (w + 2) + sourceColumn).view(n, 1, h * w).expand(n, c, h * w);
        return padded.flatten(2).gather(2, index).view(n, c, h, w);
    }

    /// <summary>1 outside each image's cutout square, 0 inside, [N, 1, H, W] in the images' dtype.</summary>
    private Tensor KeepMask(Tensor images)
    {
        long n = images.shape[0], h = images.shape[2], w = images.shape[3];
        var device = images.device;
        var rows = arange(h, dtype: ScalarType.Int64, device: device).view(1, h, 1);
        var columns = arange(w, dtype: ScalarType.Int64, device: device).view(1, 1, w);
        var top = tensor(CutoutTop, device: device).view(n, 1, 1);
        var left = tensor(CutoutLeft, device: device).view(n, 1, 1);
        var inRows = rows.ge(top).logical_and(rows.lt(top + CutoutHeight));
        var inColumns = columns.ge(left).logical_and(columns.lt(left + CutoutWidth));
        return inRows.logical_and(inColumns).logical_not().to_type(images.dtype).unsqueeze(1);
    }

    private void Check(Tensor images)
    {
        if (ShiftColumns.Length != BatchSize || CutoutTop.Length != BatchSize || CutoutLeft.Length != BatchSize)
            throw new InvalidInputException("a DiffAugment transform needs one shift and one cutout position per image");
        if (images.dim() != 4 || images.shape[0] != BatchSize)
            throw new InvalidInputException(
                $"this DiffAugment transform was drawn for [{BatchSize},C,H,W] images, got [{string.Join(",", images.shape)}]");
    }
}
