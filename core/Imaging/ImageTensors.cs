using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Imaging;

/// <summary>
/// Converts between images and the models' representation: channel-first RGB float32 in [-1, 1]
/// (value = byte / 127.5 − 1), as a plain CHW <c>float[]</c> (for code without TorchSharp) or a
/// <c>torch.Tensor</c> of shape [3, H, W], and batches [N, 3, H, W]. The way back clamps to [-1, 1] and
/// rounds to the nearest byte; NaN becomes 0 (mid grey) so a diverged generator still yields a viewable image.
/// </summary>
public static class ImageTensors
{
    public const int Channels = 3;

    public static float[] ToChw(Image<Rgb24> image)
    {
        int w = image.Width, h = image.Height, plane = w * h;
        var chw = new float[Channels * plane];
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < h; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < w; x++)
                {
                    int i = y * w + x;
                    chw[i] = ToUnit(row[x].R);
                    chw[plane + i] = ToUnit(row[x].G);
                    chw[2 * plane + i] = ToUnit(row[x].B);
                }
            }
        });
        return chw;
    }

    public static Image<Rgb24> FromChw(ReadOnlySpan<float> chw, int width, int height)
    {
        if (width < 1 || height < 1) throw new InvalidInputException($"image dimensions must be positive, got {width}x{height}.");
        int plane = width * height;
        if (chw.Length != Channels * plane)
            throw new InvalidInputException($"CHW data has {chw.Length} values; a {width}x{height} RGB image needs {Channels * plane}.");
        var image = new Image<Rgb24>(width, height);
        var data = chw.ToArray(); // the row callback cannot capture a span
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < width; x++)
                {
                    int i = y * width + x;
                    row[x] = new Rgb24(ToByte(data[i]), ToByte(data[plane + i]), ToByte(data[2 * plane + i]));
                }
            }
        });
        return image;
    }

    /// <summary>[3, H, W] float32 on the CPU.</summary>
    public static Tensor ToTensor(Image<Rgb24> image) =>
        torch.tensor(ToChw(image), new long[] { Channels, image.Height, image.Width }, dtype: ScalarType.Float32);

    /// <summary>[N, 3, H, W] float32 on the CPU; every image must have the same size.</summary>
    public static Tensor ToBatch(IReadOnlyList<Image<Rgb24>> images)
    {
        if (images.Count == 0) throw new InvalidInputException("cannot make a batch of zero images.");
        int w = images[0].Width, h = images[0].Height, size = Channels * w * h;
        var data = new float[images.Count * size];
        for (int n = 0; n < images.Count; n++)
        {
            if (images[n].Width != w || images[n].Height != h)
                throw new InvalidInputException($"batch images differ in size: image 0 is {w}x{h}, image {n} is {images[n].Width}x{images[n].Height}.");
            ToChw(images[n]).CopyTo(data, n * size);
        }
        return torch.tensor(data, new long[] { images.Count, Channels, h, w }, dtype: ScalarType.Float32);
    }

    /// <summary>Accepts [3, H, W] or [1, 3, H, W], any float dtype, any device.</summary>
    public static Image<Rgb24> FromTensor(Tensor tensor)
    {
        var shape = tensor.shape;
        if (shape.Length == 4 && shape[0] == 1) shape = shape[1..];
        if (shape.Length != 3 || shape[0] != Channels)
            throw new InvalidInputException($"expected an image tensor of shape [3, H, W], got [{string.Join(", ", tensor.shape)}].");
        return FromChw(ToFloatArray(tensor), (int)shape[2], (int)shape[1]);
    }

    /// <summary>[N, 3, H, W] → N images.</summary>
    public static IReadOnlyList<Image<Rgb24>> FromBatch(Tensor batch)
    {
        var shape = batch.shape;
        if (shape.Length != 4 || shape[1] != Channels)
            throw new InvalidInputException($"expected an image batch of shape [N, 3, H, W], got [{string.Join(", ", shape)}].");
        int n = (int)shape[0], h = (int)shape[2], w = (int)shape[3], size = Channels * h * w;
        var all = ToFloatArray(batch);
        var images = new List<Image<Rgb24>>(n);
        for (int i = 0; i < n; i++) images.Add(FromChw(all.AsSpan(i * size, size), w, h));
        return images;
    }

    static float[] ToFloatArray(Tensor t)
    {
        using var scope = torch.NewDisposeScope();
        return t.detach().to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
    }

    /// <summary>
    /// A batch in [-1, 1] as it reaches a user: each value through the 8-bit PNG pixel and back
    /// (<see cref="ToByte"/> then <see cref="ToUnit"/>, the same float32 arithmetic and round-half-even), so a judge
    /// scores exactly the images a service or the CLI delivers.
    /// </summary>
    public static Tensor As8BitPixels(Tensor batch)
    {
        using var scope = torch.NewDisposeScope();
        var bytes = (batch.detach().to(ScalarType.Float32).nan_to_num(0f).clamp(-1f, 1f) + 1f).mul(127.5f).round();
        return bytes.div(127.5f).sub(1f).MoveToOuterDisposeScope();
    }

    static float ToUnit(byte v) => v / 127.5f - 1f;

    static byte ToByte(float v)
    {
        if (float.IsNaN(v)) v = 0f;
        return (byte)MathF.Round((Math.Clamp(v, -1f, 1f) + 1f) * 127.5f);
    }
}
