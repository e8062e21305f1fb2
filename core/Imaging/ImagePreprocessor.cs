using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace CrossModal.Core.Imaging;

/// <summary>
/// Brings any image to the models' square input (64 x 64 by default): centre crop to a square of side
/// min(width, height), then resize with ImageSharp's bicubic resampler.
/// Why crop rather than pad or stretch: the players sit in the middle of the frame in Sub-URMP and in our
/// scenes, and stretching would change the instrument's proportions, which the classifier relies on.
/// Why bicubic rather than Lanczos-3: on strong downscales (256 → 64) both are antialiased by ImageSharp
/// (the kernel is widened by the scale factor); bicubic rings less on the hard edges of drawn scenes.
/// </summary>
public static class ImagePreprocessor
{
    public const int ModelImageSize = 64;

    /// <summary>Returns a new image; the input is left unchanged.</summary>
    public static Image<Rgb24> CropAndResize(Image<Rgb24> source, int size = ModelImageSize)
    {
        if (size is < 1 or > 4096) throw new InvalidInputException($"image size must be 1 to 4096 pixels, got {size}.");
        int side = Math.Min(source.Width, source.Height);
        var crop = new Rectangle((source.Width - side) / 2, (source.Height - side) / 2, side, side);
        return source.Clone(ctx =>
        {
            ctx.Crop(crop);
            if (side != size) ctx.Resize(size, size, KnownResamplers.Bicubic);
        });
    }

    /// <summary>Safe decode + crop/resize + normalisation: untrusted bytes to a CHW float array in [-1, 1].</summary>
    public static float[] LoadForModel(byte[] encoded, int size = ModelImageSize, ImageLimits? limits = null)
    {
        using var decoded = SafeImageDecoder.Decode(encoded, limits);
        using var square = CropAndResize(decoded, size);
        return ImageTensors.ToChw(square);
    }

    /// <summary>As <see cref="LoadForModel(byte[], int, ImageLimits?)"/> for a file.</summary>
    public static float[] LoadFileForModel(string path, int size = ModelImageSize, ImageLimits? limits = null)
    {
        using var decoded = SafeImageDecoder.DecodeFile(path, limits);
        using var square = CropAndResize(decoded, size);
        return ImageTensors.ToChw(square);
    }
}
