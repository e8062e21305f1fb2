using CrossModal.Core.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Imaging;

public class ColourJitterTests
{
    /// <summary>Mid-range random colours, so no channel reaches the [-1, 1] clamp after a hue rotation.</summary>
    static Tensor MidRange(int n, ulong seed)
    {
        using var gen = new Generator(seed);
        return rand([n, 3, 8, 8], generator: gen) * 0.6 - 0.3;
    }

    static float MaxAbs(Tensor t) => t.abs().max().item<float>();

    [Fact]
    public void GreyscaleSetsEveryChannelToTheLuma()
    {
        using var x = tensor(new float[] { 1, -1, 0.5f,  -1, 1, 0.5f,  -1, -1, 0.5f }, [1, 3, 1, 3]); // red, green, blue-ish pixels
        using var grey = ColourJitter.Greyscale(x);
        Assert.Equal(new long[] { 1, 3, 1, 3 }, grey.shape);
        var g = grey.data<float>().ToArray();
        // Pixel 0 is (R, G, B) = (1, -1, -1): luma 0.299 - 0.587 - 0.114 = -0.402.
        Assert.Equal(-0.402f, g[0], 4);
        // Pixel 1 is (-1, 1, -1): 0.174; pixel 2 is (0.5, 0.5, 0.5): grey stays 0.5.
        Assert.Equal(0.174f, g[1], 4);
        Assert.Equal(0.5f, g[2], 4);
        for (var c = 1; c < 3; c++)
            for (var i = 0; i < 3; i++) Assert.Equal(g[i], g[c * 3 + i]);
        using var lumaBefore = ColourJitter.Luminance(x);
        using var lumaAfter = ColourJitter.Luminance(grey);
        Assert.True(MaxAbs(lumaBefore - lumaAfter) < 1e-5);
    }

    [Fact]
    public void HueRotationKeepsLumaAndGreyAndChangesTheHue()
    {
        using var x = MidRange(6, 1);
        using var angles = full([6], 2 * Math.PI / 3);
        using var rotated = ColourJitter.RotateHue(x, angles);
        using var lumaBefore = ColourJitter.Luminance(x);
        using var lumaAfter = ColourJitter.Luminance(rotated);
        Assert.True(MaxAbs(lumaBefore - lumaAfter) < 1e-4);
        Assert.True(MaxAbs(rotated - x) > 0.05); // the colours did change

        // Turning back restores the image; a turn of 0 changes nothing.
        using var back = ColourJitter.RotateHue(rotated, -angles);
        Assert.True(MaxAbs(back - x) < 1e-4);
        using var none = ColourJitter.RotateHue(x, zeros(6));
        Assert.True(MaxAbs(none - x) < 1e-5);

        // Grey pixels stay where they are, whatever the angle.
        using var grey = ColourJitter.Greyscale(x);
        using var greyRotated = ColourJitter.RotateHue(grey, angles);
        Assert.True(MaxAbs(greyRotated - grey) < 1e-5);

        // A pure red turned a third of the circle is no longer dominated by red.
        using var red = tensor(new float[] { 0.4f, -0.4f, -0.4f }, [1, 3, 1, 1]);
        using var turned = ColourJitter.RotateHue(red, full([1], 2 * Math.PI / 3));
        var rgb = turned.data<float>().ToArray();
        Assert.True(rgb[0] < Math.Max(rgb[1], rgb[2]), $"red turned by 120° is still red: {string.Join(", ", rgb)}");
    }

    [Fact]
    public void ApplyIsSeededAndMakesTheGreyShareAsked()
    {
        using var x = MidRange(400, 2);
        var jitter = new ColourJitter { GreyscaleProbability = 0.3 };
        using var g1 = new Generator(9);
        using var g2 = new Generator(9);
        using var g3 = new Generator(10);
        using var a = jitter.Apply(x, g1);
        using var b = jitter.Apply(x, g2);
        using var c = jitter.Apply(x, g3);
        Assert.Equal(a.data<float>().ToArray(), b.data<float>().ToArray());
        Assert.NotEqual(a.data<float>().ToArray(), c.data<float>().ToArray());
        // Grey images have equal channels; count them.
        using var spread = (a.max(1).values - a.min(1).values).amax([1, 2]);
        var greyShare = spread.data<float>().Count(v => v < 1e-6) / 400.0;
        Assert.InRange(greyShare, 0.22, 0.38);
        using var lumaBefore = ColourJitter.Luminance(x);
        using var lumaAfter = ColourJitter.Luminance(a);
        Assert.True(MaxAbs(lumaBefore - lumaAfter) < 1e-4);

        using var g4 = new Generator(1);
        using var allGrey = new ColourJitter { GreyscaleProbability = 1 }.Apply(x, g4);
        using var allSpread = allGrey.max(1).values - allGrey.min(1).values;
        Assert.True(MaxAbs(allSpread) < 1e-6);
    }

    [Fact]
    public void BadInputIsRefused()
    {
        using var gen = new Generator(1);
        Assert.Throws<InvalidInputException>(() => ColourJitter.Greyscale(zeros(2, 1, 8, 8)));
        Assert.Throws<InvalidInputException>(() => ColourJitter.RotateHue(zeros(2, 3, 8, 8), zeros(3)));
        Assert.Throws<InvalidInputException>(() => new ColourJitter { GreyscaleProbability = 1.5 }.Apply(zeros(2, 3, 8, 8), gen));
        Assert.Throws<InvalidInputException>(() => new ColourJitter { MaxHueRadians = 4 }.Apply(zeros(2, 3, 8, 8), gen));
    }

    [Fact]
    public void ColourBlobsKeepOnlyCoarseColour()
    {
        using var gen = new Generator(4);
        using var noise = rand([2, 3, 64, 64], generator: gen) * 2 - 1;
        using var blobs = ColourBlobs.Of(noise, 8);
        Assert.Equal(noise.shape, blobs.shape);
        // Fine detail is gone: neighbouring pixels nearly agree, the per-channel mean stays.
        using var step = (blobs.narrow(3, 1, 63) - blobs.narrow(3, 0, 63)).abs().mean();
        using var noiseStep = (noise.narrow(3, 1, 63) - noise.narrow(3, 0, 63)).abs().mean();
        Assert.True(step.item<float>() < 0.1 * noiseStep.item<float>());
        Assert.True(MaxAbs(blobs.mean([2, 3]) - noise.mean([2, 3])) < 0.02);
        using var flat = full([1, 3, 64, 64], 0.25f);
        using var flatBlobs = ColourBlobs.Of(flat, 8);
        Assert.True(MaxAbs(flatBlobs - 0.25f) < 1e-6);
        Assert.Throws<InvalidInputException>(() => ColourBlobs.Of(flat, 0));
    }
}
