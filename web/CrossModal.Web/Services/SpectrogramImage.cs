using CrossModal.Domain;
using CrossModal.Protos.V1;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CrossModal.Web.Services;

/// <summary>
/// An LMS drawn as a PNG, one pixel per (frame, band), low frequencies at the bottom, coloured with viridis (the
/// domain's <see cref="ColorMaps"/>, as <c>crossmodal features render</c> draws) between two dB levels.
/// </summary>
public static class SpectrogramImage
{
    public static Rgb24 Colour(double t)
    {
        // ViridisAt makes NaN the low end; so does an infinite level here (a silent band is drawn dark, not loud).
        var (r, g, b) = ColorMaps.ViridisAt(double.IsFinite(t) ? t : 0);
        return new Rgb24(r, g, b);
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
