using CrossModal.Core.Imaging;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;

namespace CrossModal.Core.Tests.Imaging;

public class ImageTensorsTests
{
    [Fact]
    public void ChwIsChannelFirstAndScaledToMinusOneToOne()
    {
        using var img = new SixLabors.ImageSharp.Image<Rgb24>(2, 1);
        img[0, 0] = new Rgb24(0, 255, 128);
        img[1, 0] = new Rgb24(255, 0, 0);
        var chw = ImageTensors.ToChw(img);
        // R plane, then G plane, then B plane; each row-major.
        Assert.Equal([-1f, 1f, 1f, -1f, 128 / 127.5f - 1f, -1f], chw);
    }

    [Fact]
    public void TensorRoundTripIsExact()
    {
        using var img = TestImages.Gradient(64, 64);
        using var t = ImageTensors.ToTensor(img);
        Assert.Equal(new long[] { 3, 64, 64 }, t.shape);
        Assert.Equal(torch.ScalarType.Float32, t.dtype);
        Assert.True(t.min().item<float>() >= -1f && t.max().item<float>() <= 1f);
        using var back = ImageTensors.FromTensor(t);
        for (int y = 0; y < 64; y++)
            for (int x = 0; x < 64; x++)
                Assert.Equal(img[x, y], back[x, y]);
    }

    [Fact]
    public void TensorMatchesChw()
    {
        using var img = TestImages.Gradient(5, 4);
        using var t = ImageTensors.ToTensor(img);
        Assert.Equal(ImageTensors.ToChw(img), t.data<float>().ToArray());
        // Spot check layout: t[c, y, x].
        Assert.Equal(img[3, 2].G / 127.5f - 1f, t[1, 2, 3].item<float>(), 6);
    }

    [Fact]
    public void BatchRoundTrip()
    {
        using var a = TestImages.Gradient(8, 6);
        using var b = new SixLabors.ImageSharp.Image<Rgb24>(8, 6, new Rgb24(10, 20, 30));
        using var batch = ImageTensors.ToBatch([a, b]);
        Assert.Equal(new long[] { 2, 3, 6, 8 }, batch.shape);
        var images = ImageTensors.FromBatch(batch);
        Assert.Equal(2, images.Count);
        Assert.Equal(a[7, 5], images[0][7, 5]);
        Assert.Equal(new Rgb24(10, 20, 30), images[1][4, 3]);
        foreach (var i in images) i.Dispose();
    }

    [Fact]
    public void FromTensorClampsAndMapsNaNToGrey()
    {
        using var t = torch.tensor(new float[] { 5f, -5f, float.NaN, 1f, -1f, 0f }, new long[] { 3, 1, 2 });
        using var img = ImageTensors.FromTensor(t);
        Assert.Equal(new Rgb24(255, 128, 0), img[0, 0]); // R plane [5, -5], G [NaN, 1], B [-1, 0]
        Assert.Equal(new Rgb24(0, 255, 128), img[1, 0]);
    }

    [Fact]
    public void FromTensorAcceptsALeadingBatchOfOneAndOtherDtypes()
    {
        using var t = torch.zeros(1, 3, 4, 4, dtype: torch.ScalarType.Float64);
        using var img = ImageTensors.FromTensor(t);
        Assert.Equal(new Rgb24(128, 128, 128), img[3, 3]);
    }

    [Fact]
    public void RefusesWrongShapes()
    {
        using var gray = torch.zeros(1, 8, 8);
        Assert.Throws<InvalidInputException>(() => ImageTensors.FromTensor(gray));
        using var flat = torch.zeros(3, 8, 8);
        Assert.Throws<InvalidInputException>(() => ImageTensors.FromBatch(flat));
        using var a = TestImages.Gradient(8, 8);
        using var b = TestImages.Gradient(8, 9);
        Assert.Throws<InvalidInputException>(() => ImageTensors.ToBatch([a, b]));
        Assert.Throws<InvalidInputException>(() => ImageTensors.ToBatch([]));
        Assert.Throws<InvalidInputException>(() => ImageTensors.FromChw(new float[10], 2, 2));
    }
}
