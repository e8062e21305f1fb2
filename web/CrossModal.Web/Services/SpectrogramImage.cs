using CrossModal.Protos.V1;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CrossModal.Web.Services;

/// <summary>
/// An LMS drawn as a PNG, one pixel per (frame, band), low frequencies at the bottom, coloured with viridis (the same
/// colour map as <c>crossmodal features render</c>) between two dB levels.
/// </summary>
public static class SpectrogramImage
{
    /// <summary>Viridis at 9 evenly spaced stops (matplotlib's table), interpolated linearly between them.</summary>
    static readonly (byte R, byte G, byte B)[] Viridis =
    [
        (68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141),
        (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37),
    ];

    public static Rgb24 Colour(double t)
    {
        if (!double.IsFinite(t)) t = 0;
        t = Math.Clamp(t, 0, 1) * (Viridis.Length - 1);
        int i = Math.Min((int)t, Viridis.Length - 2);
        double w = t - i;
        var (a, b) = (Viridis[i], Viridis[i + 1]);
        return new Rgb24((byte)Math.Round(a.R + w * (b.R - a.R)), (byte)Math.Round(a.G + w * (b.G - a.G)), (byte)Math.Round(a.B + w * (b.B - a.B)));
    }

    public static byte[] Png(Spectrogram s, double minDb, double maxDb)
    {
        SpectrogramMath.CheckShape(s);
        if (!(maxDb > minDb)) throw new ArgumentException($"the dB range must be increasing, got {minDb}..{maxDb}");
        using var image = new Image<Rgb24>(s.Frames, s.Bins);
        for (int b = 0; b < s.Bins; b++)
            for (int f = 0; f < s.Frames; f++)
                image[f, s.Bins - 1 - b] = Colour((s.Values[b * s.Frames + f] - minDb) / (maxDb - minDb));
        using var buffer = new MemoryStream();
        image.SaveAsPng(buffer);
        return buffer.ToArray();
    }

    public static string DataUrl(Spectrogram s, double minDb, double maxDb) => "data:image/png;base64," + Convert.ToBase64String(Png(s, minDb, maxDb));
}
