using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace CrossModal.Core.Imaging;

/// <summary>Encodes images as 8-bit RGB PNG: lossless, so generated pixels are stored exactly.</summary>
public static class PngImageEncoder
{
    static readonly PngEncoder Encoder = new()
    {
        ColorType = PngColorType.Rgb,
        BitDepth = PngBitDepth.Bit8,
        CompressionLevel = PngCompressionLevel.DefaultCompression,
    };

    public static byte[] Encode(Image<Rgb24> image)
    {
        using var ms = new MemoryStream();
        image.Save(ms, Encoder);
        return ms.ToArray();
    }

    /// <summary>Writes through a temporary file and a rename: readers never see half a PNG.</summary>
    public static void WriteFile(string path, Image<Rgb24> image) =>
        AtomicFile.Write(path, s => image.Save(s, Encoder));
}
