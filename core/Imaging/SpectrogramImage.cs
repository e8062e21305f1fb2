using CrossModal.Core.Audio;
using CrossModal.Domain;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CrossModal.Core.Imaging;

/// <summary>
/// Renders a spectrogram as an image through the viridis colour map: one pixel per (frame, bin), frames left to
/// right, the lowest bin at the bottom, optionally enlarged by an integer factor (nearest neighbour, so every
/// value stays a crisp block). Values are mapped linearly from [ceiling − range, ceiling] onto the map, where the
/// ceiling is the array's maximum; anything lower is clamped to the darkest colour. With range null the floor is
/// the array's minimum (for data that are not in dB).
/// </summary>
public static class SpectrogramImage
{
    public const double DefaultRangeDb = 80;
    public const int MaxScale = 16;

    public static Image<Rgb24> Render(Spectrogram s, int scale = 1, double? range = DefaultRangeDb)
    {
        if (scale < 1 || scale > MaxScale) throw new InvalidInputException($"image scale must be 1..{MaxScale} (got {scale}).");
        if (range is { } r && !(r > 0 && double.IsFinite(r))) throw new InvalidInputException($"dynamic range must be a positive number of dB (got {r}).");
        float max = float.NegativeInfinity, min = float.PositiveInfinity;
        foreach (var v in s.Data)
        {
            if (!float.IsFinite(v)) throw new InvalidInputException("spectrogram contains NaN or infinity; it cannot be drawn.");
            max = Math.Max(max, v);
            min = Math.Min(min, v);
        }
        double ceiling = max, floor = range is { } rr ? Math.Max(min, max - rr) : min;
        double span = ceiling - floor;
        int width = s.Frames * scale, height = s.Bins * scale;
        if ((long)width * height > 64L * 1024 * 1024) throw new InvalidInputException($"image of {width} x {height} pixels is too large; lower the scale.");
        var pixels = new byte[width * height * 3];
        for (int bin = 0; bin < s.Bins; bin++)
        {
            int rowTop = (s.Bins - 1 - bin) * scale; // low frequencies at the bottom
            for (int t = 0; t < s.Frames; t++)
            {
                double u = span > 0 ? (s[bin, t] - floor) / span : 1.0;
                var (cr, cg, cb) = ColorMaps.ViridisAt(u);
                for (int dy = 0; dy < scale; dy++)
                {
                    int o = ((rowTop + dy) * width + t * scale) * 3;
                    for (int dx = 0; dx < scale; dx++, o += 3)
                    {
                        pixels[o] = cr;
                        pixels[o + 1] = cg;
                        pixels[o + 2] = cb;
                    }
                }
            }
        }
        return Image.LoadPixelData<Rgb24>(pixels, width, height);
    }

    /// <summary>Writes the rendering as PNG, atomically.</summary>
    public static void SavePng(Spectrogram s, string path, int scale = 1, double? range = DefaultRangeDb)
    {
        using var image = Render(s, scale, range);
        AtomicFile.Write(path, stream => image.SaveAsPng(stream));
    }
}
