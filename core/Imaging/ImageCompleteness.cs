using System.Buffers.Binary;

namespace CrossModal.Core.Imaging;

/// <summary>
/// Detects files cut short. ImageSharp decodes a truncated PNG, JPEG, BMP or lossy WebP without complaint and fills
/// the missing rows with grey or black, which would let a half-downloaded file into a dataset unnoticed. Each
/// format states where it ends; we require the bytes to get there. Trailing bytes after the end are tolerated
/// (some cameras and tools append data).
/// </summary>
static class ImageCompleteness
{
    // IEND chunk: zero length, type "IEND", its fixed CRC.
    static readonly byte[] PngEndChunk = [0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82];
    static readonly byte[] JpegStartOfScan = [0xFF, 0xDA], JpegEndOfImage = [0xFF, 0xD9];

    /// <summary>Throws <see cref="InvalidInputException"/> when the data ends before the image does.</summary>
    public static void Ensure(ReadOnlySpan<byte> data, string format)
    {
        bool complete = format switch
        {
            "PNG" => data.IndexOf(PngEndChunk) >= 0,
            "JPEG" => HasJpegEndAfterScan(data),
            "WEBP" => HasWholeRiff(data),
            "BMP" => HasAllBmpPixels(data),
            _ => true,
        };
        if (!complete) throw new InvalidInputException($"truncated {format} image: the file ends before the image data does.");
    }

    /// <summary>
    /// End Of Image (FF D9) after the last Start Of Scan, so an embedded thumbnail's end marker does not count.
    /// Inside entropy-coded data FF is always followed by 00 or a restart marker, so these byte pairs are real markers.
    /// </summary>
    static bool HasJpegEndAfterScan(ReadOnlySpan<byte> d)
    {
        int sos = d.LastIndexOf(JpegStartOfScan);
        return sos >= 0 && d[sos..].LastIndexOf(JpegEndOfImage) >= 0;
    }

    /// <summary>A WebP file is one RIFF chunk whose size field (at byte 4) counts the bytes after byte 8.</summary>
    static bool HasWholeRiff(ReadOnlySpan<byte> d) =>
        d.Length >= 12 && d.Length - 8L >= BinaryPrimitives.ReadUInt32LittleEndian(d[4..]);

    /// <summary>
    /// BMP: the file-size field (when set) and, for uncompressed pixels, offset + stride × rows must fit in the data.
    /// </summary>
    static bool HasAllBmpPixels(ReadOnlySpan<byte> d)
    {
        if (d.Length < 54) return d.Length >= 26; // shorter headers (OS/2) are left to the decoder
        uint fileSize = BinaryPrimitives.ReadUInt32LittleEndian(d[2..]);
        if (fileSize != 0 && d.Length < fileSize) return false;
        uint headerSize = BinaryPrimitives.ReadUInt32LittleEndian(d[14..]);
        uint compression = BinaryPrimitives.ReadUInt32LittleEndian(d[30..]);
        if (headerSize < 40 || compression is not (0 or 3)) return true; // RLE and others: sizes vary
        long offset = BinaryPrimitives.ReadUInt32LittleEndian(d[10..]);
        long width = BinaryPrimitives.ReadInt32LittleEndian(d[18..]);
        long height = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(d[22..]));
        int bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(d[28..]);
        long stride = (bitsPerPixel * width + 31) / 32 * 4;
        return d.Length >= offset + stride * height;
    }
}
