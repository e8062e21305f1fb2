using CrossModal.Core.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace CrossModal.Core.Tests.Imaging;

public class ImagePreprocessorTests
{
    [Fact]
    public void CropsTheCentreSquareOfAWideImage()
    {
        // 300x100: red side bands of 100 px, a green centre square.
        using var wide = new Image<Rgb24>(300, 100);
        for (int y = 0; y < 100; y++)
            for (int x = 0; x < 300; x++)
                wide[x, y] = x is >= 100 and < 200 ? new Rgb24(0, 255, 0) : new Rgb24(255, 0, 0);
        using var square = ImagePreprocessor.CropAndResize(wide);
        Assert.Equal((64, 64), (square.Width, square.Height));
        for (int y = 0; y < 64; y++)
            for (int x = 0; x < 64; x++)
                Assert.Equal(new Rgb24(0, 255, 0), square[x, y]);
        Assert.Equal(300, wide.Width); // the source is untouched
    }

    [Fact]
    public void CropsTheCentreSquareOfATallImage()
    {
        using var tall = new Image<Rgb24>(50, 150);
        for (int y = 0; y < 150; y++)
            for (int x = 0; x < 50; x++)
                tall[x, y] = y is >= 50 and < 100 ? new Rgb24(0, 0, 255) : new Rgb24(255, 255, 255);
        using var square = ImagePreprocessor.CropAndResize(tall, 10);
        Assert.Equal((10, 10), (square.Width, square.Height));
        Assert.All(Enumerable.Range(0, 100), i => Assert.Equal(new Rgb24(0, 0, 255), square[i % 10, i / 10]));
    }

    [Fact]
    public void DownscalingAveragesRatherThanSamples()
    {
        // A 1-pixel checkerboard must become mid grey, not a moiré of black and white.
        using var checker = new Image<Rgb24>(256, 256);
        for (int y = 0; y < 256; y++)
            for (int x = 0; x < 256; x++)
                checker[x, y] = (x + y) % 2 == 0 ? new Rgb24(0, 0, 0) : new Rgb24(255, 255, 255);
        using var small = ImagePreprocessor.CropAndResize(checker);
        for (int y = 8; y < 56; y++)
            for (int x = 8; x < 56; x++)
                Assert.InRange(small[x, y].R, 110, 145);
    }

    [Fact]
    public void LoadsARealFrameForTheModel()
    {
        var chw = ImagePreprocessor.LoadFileForModel(Path.Combine(TestImages.RealFramesDir, "flute", "flute01_1400.jpg"));
        Assert.Equal(3 * 64 * 64, chw.Length);
        Assert.All(chw, v => Assert.InRange(v, -1f, 1f));
        Assert.True(chw.Max() - chw.Min() > 0.5f, "a photograph has contrast");
    }

    [Fact]
    public void LoadForModelRefusesBadBytes()
    {
        Assert.Throws<InvalidInputException>(() => ImagePreprocessor.LoadForModel([1, 2, 3]));
        var ok = ImagePreprocessor.LoadForModel(TestImages.Encode(30, 20, new PngEncoder()), size: 16);
        Assert.Equal(3 * 16 * 16, ok.Length);
    }

    [Fact]
    public void RefusesANonsensicalSize()
    {
        using var img = TestImages.Gradient(8, 8);
        Assert.Throws<InvalidInputException>(() => ImagePreprocessor.CropAndResize(img, 0));
    }
}
