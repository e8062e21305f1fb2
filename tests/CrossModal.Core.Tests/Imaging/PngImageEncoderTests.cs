using CrossModal.Core.Imaging;

namespace CrossModal.Core.Tests.Imaging;

public class PngImageEncoderTests
{
    [Fact]
    public void EncodedBytesDecodeToTheSamePixels()
    {
        using var img = TestImages.Gradient(33, 17);
        var png = PngImageEncoder.Encode(img);
        Assert.Equal(new ImageHeader("PNG", 33, 17), SafeImageDecoder.Identify(png));
        using var back = SafeImageDecoder.Decode(png);
        for (int y = 0; y < 17; y++)
            for (int x = 0; x < 33; x++)
                Assert.Equal(img[x, y], back[x, y]);
    }

    [Fact]
    public void WriteFileReplacesAtomicallyAndLeavesNoTemporaryFiles()
    {
        var dir = Directory.CreateTempSubdirectory("cm-png-");
        try
        {
            var path = Path.Combine(dir.FullName, "sub", "out.png");
            using var first = TestImages.Gradient(4, 4);
            PngImageEncoder.WriteFile(path, first);
            using var second = TestImages.Gradient(6, 5);
            PngImageEncoder.WriteFile(path, second);
            Assert.Equal(new ImageHeader("PNG", 6, 5), SafeImageDecoder.IdentifyFile(path));
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
        }
        finally { dir.Delete(recursive: true); }
    }
}
