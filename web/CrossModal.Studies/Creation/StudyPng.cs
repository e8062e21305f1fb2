using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace CrossModal.Studies.Creation;

/// <summary>
/// The one encoding every stored study image has: a 64x64 8-bit RGB PNG written by this encoder, so the bytes a rater
/// downloads (size, chunks, compression, metadata) say nothing about which method or service made the image.
/// </summary>
public static class StudyPng
{
    /// <summary>The models' image side (core's ImagePreprocessor.ModelImageSize): what the generator draws and the
    /// samples service cuts ground truths to. Images are never resized here, so a source of another size is refused.</summary>
    public const int Size = 64;

    // The settings of core's PngImageEncoder (which the services encode with): a study made now stores the same bytes
    // as one made when the web app encoded through core.
    static readonly PngEncoder Encoder = new()
    {
        ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8, CompressionLevel = PngCompressionLevel.DefaultCompression,
    };

    // The sources are this system's own services, but their bytes are still decoded under a PNG-only configuration and
    // only after the header says 64x64, so a wrong or hostile reply cannot make the web app decode anything large.
    static readonly Configuration PngOnly = new(new PngConfigurationModule());

    public static byte[] Encode(Image<Rgb24> image)
    {
        using var ms = new MemoryStream();
        image.Save(ms, Encoder);
        return ms.ToArray();
    }

    /// <summary>Share of pixel values <see cref="Jittered"/> moves by one step of 255: invisible, and enough that two copies never share bytes.</summary>
    public const double JitterShare = 0.25;

    /// <summary>
    /// A copy of <paramref name="png"/> (decoded as <see cref="Normalize"/> does) with about <see cref="JitterShare"/> of its
    /// channel values moved up or down by one, chosen by <paramref name="seed"/>, then encoded by <see cref="Encode"/>.
    /// </summary>
    public static byte[] Jittered(byte[] png, int seed)
    {
        using var image = Image.Load<Rgb24>(PngOnly, Normalize(png, "a gold set's ground truth"));
        var rng = new Random(seed);
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
                foreach (ref var p in rows.GetRowSpan(y))
                {
                    p.R = Nudge(p.R, rng);
                    p.G = Nudge(p.G, rng);
                    p.B = Nudge(p.B, rng);
                }
        });
        return Encode(image);
    }

    static byte Nudge(byte value, Random rng)
    {
        if (rng.NextDouble() >= JitterShare) return value;
        // Away from the end of the range it would leave, so every chosen value moves.
        return (byte)(value == 0 ? 1 : value == 255 ? 254 : value + (rng.Next(2) == 0 ? -1 : 1));
    }

    /// <summary>
    /// <paramref name="png"/> decoded and re-encoded by <see cref="Encode"/>. Anything but a 64x64 PNG throws
    /// <see cref="InvalidOperationException"/> naming <paramref name="what"/>, which fails the study's generation
    /// instead of reaching a rater.
    /// </summary>
    public static byte[] Normalize(byte[] png, string what)
    {
        try
        {
            using (var header = new MemoryStream(png, writable: false))
            {
                var info = Image.Identify(PngOnly, header) ?? throw new InvalidOperationException($"{what} is not a PNG image.");
                if (info.Width != Size || info.Height != Size)
                    throw new InvalidOperationException($"{what} is {info.Width}x{info.Height} pixels; study images are {Size}x{Size}.");
            }
            using var image = Image.Load<Rgb24>(PngOnly, png);
            return Encode(image);
        }
        catch (ImageFormatException e)
        {
            throw new InvalidOperationException($"{what} is not a readable PNG image: {e.Message}", e);
        }
    }
}
