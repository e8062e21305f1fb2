using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using CrossModal.Core.Audio;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CrossModal.Reliability.Tests.Corpus;

/// <summary>
/// The hostile corpus, made by code at test time (nothing committed): sounds and images that are empty, cut short,
/// of another format, lie in their headers, claim absurd sizes or hold NaN/Inf. Each entry names the fragment its
/// refusal must contain, whichever entry point refuses it.
/// </summary>
public static class HostileFiles
{
    /// <summary>The services' upload limit (ImageLimits.DefaultMaxBytes, and SoundUpload.MaxBytes).</summary>
    public const int UploadLimit = 20 * 1024 * 1024;

    /// <summary>Files every WAV entry point (CLI and RPC) must refuse.</summary>
    public static IReadOnlyList<HostileInput> Sounds() =>
    [
        new("zero-length", [], ".wav", "empty"),
        new("text", Encoding.UTF8.GetBytes("this is not audio, just words\n"), ".wav", "not a WAV"),
        new("PNG named .wav", Png(Noise(16)), ".wav", "not a WAV"),
        new("MP3 header", Mp3Header(), ".wav", "not a WAV"),
        new("OGG header", Pad("OggS\0\u0002"u8), ".wav", "not a WAV"),
        new("FLAC header", Pad("fLaC\0\0\0\u0022"u8), ".wav", "not a WAV"),
        new("truncated WAV (half the data)", Tone(22_050)[..(44 + 22_050)], ".wav", "truncated WAV"),
        new("header only, no samples", Wav(payload: []), ".wav", "no audio samples"),
        new("data size beyond the file", Wav(payload: new byte[1000], dataSize: 0x7FFF_0000), ".wav", "truncated WAV"),
        new("absurd fmt size", Wav(payload: new byte[1000], fmtSize: 0x7FFF_FFF0), ".wav", "'fmt ' chunk claims"),
        new("zero channels", Wav(payload: new byte[1000], channels: 0), ".wav", "channel count 0"),
        new("0 Hz", Wav(payload: new byte[1000], rate: 0), ".wav", "sample rate 0 Hz"),
        new("huge sample rate (4 GHz)", Wav(payload: new byte[1000], rate: 4_000_000_000), ".wav", "sample rate"),
        new("block align lies", Wav(payload: new byte[1000], blockAlign: 7), ".wav", "block align"),
        new("MP3 inside WAV (format 85)", Wav(payload: new byte[1000], format: 85), ".wav", "unsupported WAV encoding"),
        new("NaN samples", FloatWav(float.NaN), ".wav", "NaN"),
        new("+Inf samples", FloatWav(float.PositiveInfinity), ".wav", "infinite"),
        new("-Inf samples", FloatWav(float.NegativeInfinity), ".wav", "infinite"),
        new("no fmt chunk", Riff("data"u8, new byte[100]), ".wav", "'data' chunk before 'fmt '"),
    ];

    /// <summary>Files every image entry point (CLI and RPC) must refuse.</summary>
    public static IReadOnlyList<HostileInput> Images()
    {
        var png = Png(Noise(96));
        var jpeg = Jpeg(Noise(96));
        return
        [
            new("zero-length", [], ".png", "empty"),
            new("text", Encoding.UTF8.GetBytes("<html>not an image</html>\n"), ".png", "not a recognised image format"),
            new("WAV named .png", Tone(2205), ".png", "not a recognised image format"),
            new("truncated PNG", png[..(png.Length / 2)], ".png", "PNG"),
            new("truncated JPEG", jpeg[..(jpeg.Length / 2)], ".jpg", "JPEG"),
            new("PNG with a corrupt IHDR", CorruptIhdr(png), ".png", "PNG"),
            new("JPEG with garbage after SOI", [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x02, 0x13, 0x37, 0xFF, 0xD9], ".jpg", "JPEG"),
            new("PNG bomb 100000x100000", PngBomb(100_000, 100_000), ".png", "too large"),
            new("JPEG bomb 65500x65500", JpegBomb(65_500, 65_500), ".jpg", "too large"),
            new("BMP bomb 60000x60000", BmpBomb(60_000, 60_000), ".bmp", "too large"),
            new("BMP bomb 100000x100000", BmpBomb(100_000, 100_000), ".bmp", "bigger then the max allowed size"), // ImageSharp's wording
            new("GIF named .png", Gif(), ".png", "unsupported image format GIF"),
            new("TIFF named .png", Tiff(), ".png", "unsupported image format TIFF"),
        ];
    }

    /// <summary>A file above the 20 MB upload limit: a PNG signature followed by 25 MB.</summary>
    public static HostileInput OversizedImage()
    {
        var bytes = new byte[25 * 1024 * 1024];
        Png(Noise(8)).AsSpan(0, 8).CopyTo(bytes);
        return new("25 MB image", bytes, ".png", "too large");
    }

    /// <summary>A genuine 25 MB WAV (about 4.9 min of 16-bit mono at 44.1 kHz): above the services' 20 MB limit.</summary>
    public static HostileInput OversizedWav() => new("25 MB WAV", Tone(25 * 1024 * 1024 / 2, amplitude: 0.3), ".wav", "20.0 MiB");

    /// <summary>10 minutes and one second at 48 kHz, 8-bit mono (28.8 MB): past WavCodec's 10-minute limit.</summary>
    public static byte[] TenMinutesPlus()
    {
        const int frames = 48_000 * 601;
        var payload = new byte[frames];
        for (var i = 0; i < frames; i++) payload[i] = (byte)(128 + 60 * Math.Sin(2 * Math.PI * 440 * i / 48_000.0));
        return Wav(payload, bits: 8, rate: 48_000);
    }

    /// <summary>Exactly 10 minutes at 8 kHz, 8-bit mono (4.8 MB): within every limit; only its first 0.5 s matters.</summary>
    public static byte[] TenMinutesSmall()
    {
        const int frames = 8_000 * 600;
        var payload = new byte[frames];
        for (var i = 0; i < frames; i++) payload[i] = (byte)(128 + 60 * Math.Sin(2 * Math.PI * 440 * i / 8_000.0));
        return Wav(payload, bits: 8, rate: 8_000);
    }

    public static byte[] Tone(int samples, int rate = 44_100, double frequency = 440, double amplitude = 0.5)
    {
        var y = new float[samples];
        for (var i = 0; i < y.Length; i++) y[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / rate));
        using var ms = new MemoryStream();
        WavCodec.Write16(ms, y, rate);
        return ms.ToArray();
    }

    public static byte[] Silence(int samples = 22_050) => Tone(samples, amplitude: 0);

    /// <summary>A RIFF/WAVE file whose every header field can be set, true or not.</summary>
    public static byte[] Wav(byte[] payload, ushort format = 1, ushort channels = 1, uint rate = 44_100, ushort bits = 16,
        ushort? blockAlign = null, uint fmtSize = 16, uint? dataSize = null)
    {
        var fmt = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, format);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), channels);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(4), rate);
        var align = blockAlign ?? (ushort)(channels * bits / 8);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(8), rate * align);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), align);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), bits);
        using var ms = new MemoryStream();
        ms.Write("RIFF"u8);
        ms.Write(U32(36 + (uint)payload.Length));
        ms.Write("WAVE"u8);
        ms.Write("fmt "u8);
        ms.Write(U32(fmtSize));
        ms.Write(fmt);
        ms.Write("data"u8);
        ms.Write(U32(dataSize ?? (uint)payload.Length));
        ms.Write(payload);
        return ms.ToArray();
    }

    static byte[] FloatWav(float poison)
    {
        var payload = new byte[22_050 * 4];
        for (var i = 0; i < 22_050; i++)
            BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(i * 4), i == 11_000 ? poison : MathF.Sin(i * 0.06f) * 0.5f);
        return Wav(payload, format: 3, bits: 32);
    }

    static byte[] Riff(ReadOnlySpan<byte> chunkId, byte[] body)
    {
        using var ms = new MemoryStream();
        ms.Write("RIFF"u8);
        ms.Write(U32(12 + (uint)body.Length));
        ms.Write("WAVE"u8);
        ms.Write(chunkId);
        ms.Write(U32((uint)body.Length));
        ms.Write(body);
        return ms.ToArray();
    }

    static byte[] U32(uint v)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        return b;
    }

    static byte[] Pad(ReadOnlySpan<byte> header)
    {
        var b = new byte[4096];
        header.CopyTo(b);
        for (var i = header.Length; i < b.Length; i++) b[i] = (byte)(i * 31);
        return b;
    }

    static byte[] Mp3Header()
    {
        var b = Pad("ID3\u0004\0\0\0\0\0\0"u8);
        b[10] = 0xFF; b[11] = 0xFB; b[12] = 0x90; b[13] = 0x64; // an MPEG-1 layer III frame header
        return b;
    }

    public static Image<Rgb24> Noise(int size, int seed = 1)
    {
        var rng = new Random(seed);
        var image = new Image<Rgb24>(size, size);
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
                image[x, y] = new Rgb24((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256));
        return image;
    }

    public static byte[] Png(Image<Rgb24> image)
    {
        using (image)
        {
            using var ms = new MemoryStream();
            image.SaveAsPng(ms);
            return ms.ToArray();
        }
    }

    public static byte[] Jpeg(Image<Rgb24> image)
    {
        using (image)
        {
            using var ms = new MemoryStream();
            image.SaveAsJpeg(ms);
            return ms.ToArray();
        }
    }

    /// <summary>A PNG whose IHDR bytes were changed without fixing the CRC (width set to 0).</summary>
    static byte[] CorruptIhdr(byte[] png)
    {
        var b = (byte[])png.Clone();
        // Signature (8) + length (4) + "IHDR" (4): the width starts at 16.
        b[16] = 0; b[17] = 0; b[18] = 0; b[19] = 0;
        return b;
    }

    /// <summary>A well-formed PNG (valid CRCs, a real zlib stream) whose header claims width x height RGB pixels.</summary>
    static byte[] PngBomb(int width, int height)
    {
        using var ms = new MemoryStream();
        ms.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; ihdr[9] = 2; // 8-bit RGB
        Chunk(ms, "IHDR", ihdr);
        using (var z = new MemoryStream())
        {
            using (var zlib = new ZLibStream(z, CompressionLevel.SmallestSize, leaveOpen: true)) zlib.Write(new byte[64 * 1024]);
            Chunk(ms, "IDAT", z.ToArray());
        }
        Chunk(ms, "IEND", []);
        return ms.ToArray();
    }

    static void Chunk(Stream s, string type, byte[] data)
    {
        var len = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        s.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        s.Write(crc);
    }

    static uint Crc32(byte[] data)
    {
        var crc = 0xFFFF_FFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB8_8320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>A baseline JPEG: real quantisation and Huffman tables from a small image, with the frame header's size changed.</summary>
    static byte[] JpegBomb(int width, int height)
    {
        var b = Jpeg(Noise(16));
        for (var i = 2; i + 8 < b.Length; i++)
            if (b[i] == 0xFF && b[i + 1] is 0xC0 or 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(i + 5), (ushort)height);
                BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(i + 7), (ushort)width);
                return b;
            }
        throw new InvalidOperationException("the encoder wrote no SOF marker");
    }

    static byte[] BmpBomb(int width, int height)
    {
        var b = new byte[54 + 1024];
        b[0] = (byte)'B'; b[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(2), b.Length);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(28), 24);
        return b;
    }

    static byte[] Gif()
    {
        using var image = Noise(8);
        using var ms = new MemoryStream();
        image.SaveAsGif(ms);
        return ms.ToArray();
    }

    static byte[] Tiff()
    {
        using var image = Noise(8);
        using var ms = new MemoryStream();
        image.SaveAsTiff(ms);
        return ms.ToArray();
    }
}
