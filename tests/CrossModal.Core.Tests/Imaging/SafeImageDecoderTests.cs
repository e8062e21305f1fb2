using System.Diagnostics;
using CrossModal.Core.Imaging;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tga;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;

namespace CrossModal.Core.Tests.Imaging;

public class SafeImageDecoderTests
{
    [Fact]
    public void DecodesARealSubUrmpFrame()
    {
        var path = Path.Combine(TestImages.RealFramesDir, "cello", "cello01_1400.jpg");
        var header = SafeImageDecoder.IdentifyFile(path);
        Assert.Equal(new ImageHeader("JPEG", 256, 256), header);
        using var image = SafeImageDecoder.DecodeFile(path);
        Assert.Equal(256, image.Width);
        Assert.Equal(256, image.Height);
    }

    [Fact]
    public async Task AsyncPathsAgreeWithSyncOnes()
    {
        var path = Path.Combine(TestImages.RealFramesDir, "violin", "violin01_5300.jpg");
        Assert.Equal(SafeImageDecoder.IdentifyFile(path), await SafeImageDecoder.IdentifyFileAsync(path));
        using var image = await SafeImageDecoder.DecodeFileAsync(path);
        Assert.Equal(256, image.Width);
    }

    public static TheoryData<string> AllowedFormats => new() { "PNG", "JPEG", "BMP", "WEBP" };

    [Theory]
    [MemberData(nameof(AllowedFormats))]
    public void AcceptsTheFourAllowedFormats(string format)
    {
        var bytes = format switch
        {
            "PNG" => TestImages.Encode(40, 30, new PngEncoder()),
            "JPEG" => TestImages.Encode(40, 30, new JpegEncoder()),
            "BMP" => TestImages.Encode(40, 30, new BmpEncoder()),
            _ => TestImages.Encode(40, 30, new WebpEncoder()),
        };
        Assert.Equal(new ImageHeader(format, 40, 30), SafeImageDecoder.Identify(bytes));
        using var image = SafeImageDecoder.Decode(bytes);
        Assert.Equal((40, 30), (image.Width, image.Height));
    }

    [Fact]
    public void LosslessFormatsDecodeToTheExactPixels()
    {
        using var original = TestImages.Gradient(17, 9);
        using var decoded = SafeImageDecoder.Decode(TestImages.Encode(original, new PngEncoder()));
        for (int y = 0; y < 9; y++)
            for (int x = 0; x < 17; x++)
                Assert.Equal(original[x, y], decoded[x, y]);
    }

    [Fact]
    public void RefusesGifNamingTheFormat()
    {
        var e = Assert.Throws<InvalidInputException>(() => SafeImageDecoder.Decode(TestImages.Encode(8, 8, new GifEncoder())));
        Assert.Contains("unsupported image format GIF", e.Message);
        Assert.Contains("JPEG, PNG, WEBP, BMP", e.Message);
    }

    [Fact]
    public void RefusesTiffNamingTheFormat()
    {
        var e = Assert.Throws<InvalidInputException>(() => SafeImageDecoder.Decode(TestImages.Encode(8, 8, new TiffEncoder())));
        Assert.Contains("unsupported image format TIFF", e.Message);
    }

    [Fact]
    public void RefusesOtherFormatsImageSharpKnows()
    {
        var e = Assert.Throws<InvalidInputException>(() => SafeImageDecoder.Identify(TestImages.Encode(8, 8, new TgaEncoder())));
        Assert.Contains("unsupported image format TGA", e.Message);
    }

    [Fact]
    public void RefusesEmptyInput()
    {
        var e = Assert.Throws<InvalidInputException>(() => SafeImageDecoder.Decode(Array.Empty<byte>()));
        Assert.Contains("empty", e.Message);
    }

    [Theory]
    [InlineData("hello, this is a text file and not an image at all")]
    [InlineData("RIFF\u0024\0\0\0WAVEfmt ")]
    public void RefusesNonImages(string content)
    {
        var e = Assert.Throws<InvalidInputException>(() => SafeImageDecoder.Decode(System.Text.Encoding.ASCII.GetBytes(content)));
        Assert.Contains("not a recognised image format", e.Message);
    }

    public static TheoryData<string, byte[]> FullFiles => new()
    {
        { "PNG", TestImages.Encode(64, 64, new PngEncoder()) },
        { "JPEG", TestImages.Encode(64, 64, new JpegEncoder()) },
        { "BMP", TestImages.Encode(64, 64, new BmpEncoder()) },
        { "WEBP", TestImages.Encode(64, 64, new WebpEncoder { FileFormat = WebpFileFormatType.Lossy }) },
        { "WEBP", TestImages.Encode(64, 64, new WebpEncoder { FileFormat = WebpFileFormatType.Lossless }) },
    };

    [Theory]
    [MemberData(nameof(FullFiles))]
    public void RefusesTruncatedFiles(string format, byte[] full)
    {
        using (SafeImageDecoder.Decode(full)) { } // whole, it decodes
        var cut = full[..(full.Length * 2 / 3)];
        var e = Assert.Throws<InvalidInputException>(() => SafeImageDecoder.Decode(cut));
        Assert.Matches($"^(truncated|corrupt) {format} image", e.Message);
    }

    [Fact]
    public void ToleratesBytesAfterTheEnd()
    {
        foreach (var full in new[] { TestImages.Encode(16, 16, new JpegEncoder()), TestImages.Encode(16, 16, new BmpEncoder()), TestImages.Encode(16, 16, new WebpEncoder()) })
        {
            using var img = SafeImageDecoder.Decode([.. full, 1, 2, 3, 4]);
            Assert.Equal(16, img.Width);
        }
    }

    [Fact]
    public void RefusesAFileCutInsideItsHeader()
    {
        var full = TestImages.Encode(64, 64, new PngEncoder());
        var e = Assert.Throws<InvalidInputException>(() => SafeImageDecoder.Decode(full[..20]));
        Assert.Contains("PNG", e.Message);
    }

    [Fact]
    public void RefusesCorruptPixelData()
    {
        var bytes = TestImages.Encode(64, 64, new PngEncoder());
        // Overwrite the compressed pixel data (after the 8-byte signature and 25-byte IHDR chunk) with junk,
        // keeping the file's length and its IEND marker.
        for (int i = 8 + 25 + 8; i < bytes.Length - 12 - 4; i++) bytes[i] = (byte)(i * 31);
        var e = Assert.Throws<InvalidInputException>(() => SafeImageDecoder.Decode(bytes));
        Assert.Contains("corrupt PNG", e.Message);
    }

    [Fact]
    public void RefusesADecompressionBombFromItsHeaderQuicklyAndWithLittleMemory()
    {
        var bomb = TestImages.PngBomb(100_000, 100_000);
        Assert.True(bomb.Length < 100);
        SafeImageDecoder.Identify(TestImages.Encode(4, 4, new PngEncoder())); // warm up: configuration, JIT

        long before = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        var e = Assert.Throws<InvalidInputException>(() => SafeImageDecoder.Decode(bomb));
        sw.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("too large: 100000x100000", e.Message);
        Assert.True(sw.ElapsedMilliseconds < 500, $"took {sw.ElapsedMilliseconds} ms");
        Assert.True(allocated < 1_000_000, $"allocated {allocated} bytes"); // decoding would need 30 GB
    }

    [Fact]
    public void RefusesFilesOverTwentyMebibytesBeforeReadingThem()
    {
        var dir = Directory.CreateTempSubdirectory("cm-img-");
        try
        {
            var path = Path.Combine(dir.FullName, "big.png");
            var png = TestImages.Encode(8, 8, new PngEncoder());
            using (var fs = File.Create(path))
            {
                fs.Write(png);
                fs.SetLength(ImageLimits.DefaultMaxBytes + 1); // trailing zeros after IEND
            }
            var e = Assert.Throws<InvalidInputException>(() => SafeImageDecoder.DecodeFile(path));
            Assert.Contains("too large: 20.0 MiB; the limit is 20.0 MiB", e.Message);
            Assert.StartsWith("'big.png'", e.Message);

            // Exactly at the limit is accepted (the zeros after IEND are ignored).
            using (var fs = File.OpenWrite(path)) fs.SetLength(ImageLimits.DefaultMaxBytes);
            using var image = SafeImageDecoder.DecodeFile(path);
            Assert.Equal(8, image.Width);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void StreamDecodingStopsReadingPastTheLimit()
    {
        var limits = ImageLimits.Default with { MaxBytes = 1000 };
        var stream = new CountingStream(new MemoryStream(new byte[1_000_000]));
        Assert.Throws<InvalidInputException>(() => SafeImageDecoder.Decode(stream, limits));
        Assert.True(stream.BytesRead < 200_000, $"read {stream.BytesRead} bytes");
    }

    [Fact]
    public void RefusesImagesOverThePixelLimit()
    {
        var limits = ImageLimits.Default with { MaxPixels = 399 };
        var e = Assert.Throws<InvalidInputException>(() => SafeImageDecoder.Decode(TestImages.Encode(20, 20, new JpegEncoder()), limits));
        Assert.Contains("20x20", e.Message);
        using var ok = SafeImageDecoder.Decode(TestImages.Encode(19, 21, new JpegEncoder()), limits);
    }

    [Fact]
    public void DecoderAllocationLimitIsADefenceInDepth()
    {
        // With the header check opened up, the allocator's own limit still stops a large decode.
        var limits = new ImageLimits(ImageLimits.DefaultMaxBytes, long.MaxValue, DecoderAllocationLimitMegabytes: 1);
        var bytes = TestImages.Encode(1024, 1024, new PngEncoder());
        var e = Assert.Throws<InvalidInputException>(() => SafeImageDecoder.Decode(bytes, limits));
        Assert.Contains("PNG image needs more memory to decode than the 1 MiB allowed", e.Message);
        using var fine = SafeImageDecoder.Decode(bytes); // default limits decode it
    }

    [Fact]
    public void MissingFileIsInvalidInput()
    {
        var e = Assert.Throws<InvalidInputException>(() => SafeImageDecoder.DecodeFile("/nonexistent/x.png"));
        Assert.Contains("file not found", e.Message);
    }

    sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }
        public override int Read(byte[] buffer, int offset, int count) { int n = inner.Read(buffer, offset, count); BytesRead += n; return n; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
