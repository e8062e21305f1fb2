using System.Buffers.Binary;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.PixelFormats;

namespace CrossModal.Core.Tests.Imaging;

/// <summary>Builds test images in memory, including hand-made hostile ones.</summary>
public static class TestImages
{
    /// <summary>The real Sub-URMP frames of tests/fixtures, copied to the test output by the project file.</summary>
    public static readonly string RealFramesDir = Path.Combine(AppContext.BaseDirectory, "fixtures", "suburmp-frames");

    /// <summary>A gradient with distinct R, G, B patterns, so channel mix-ups and flips show.</summary>
    public static Image<Rgb24> Gradient(int width, int height)
    {
        var img = new Image<Rgb24>(width, height);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                img[x, y] = new Rgb24((byte)(x * 255 / Math.Max(1, width - 1)), (byte)(y * 255 / Math.Max(1, height - 1)), (byte)((x + y) % 256));
        return img;
    }

    public static byte[] Encode(Image<Rgb24> image, IImageEncoder encoder)
    {
        using var ms = new MemoryStream();
        image.Save(ms, encoder);
        return ms.ToArray();
    }

    public static byte[] Encode(int width, int height, IImageEncoder encoder)
    {
        using var img = Gradient(width, height);
        return Encode(img, encoder);
    }

    /// <summary>
    /// A PNG whose IHDR claims width x height RGB pixels (with a valid CRC) followed by a tiny IDAT: a
    /// decompression bomb's header. Decoding it would allocate width*height*3 bytes; identifying it must not.
    /// </summary>
    public static byte[] PngBomb(int width, int height)
    {
        using var ms = new MemoryStream();
        ms.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;  // bit depth
        ihdr[9] = 2;  // colour type RGB
        WriteChunk(ms, "IHDR", ihdr);
        // zlib stream of a few zero bytes: far too little data for the claimed size.
        WriteChunk(ms, "IDAT", [0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]);
        WriteChunk(ms, "IEND", []);
        return ms.ToArray();
    }

    static void WriteChunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        s.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        s.Write(crc);
    }

    /// <summary>CRC-32 (ISO 3309) as PNG chunks use it.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
