using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Imaging;

/// <summary>
/// Batched colour augmentation of model-ready images [N, 3, H, W] in [-1, 1] that takes colour away as a shortcut:
/// a share of the images becomes greyscale, and the hue of the others is rotated by a random angle. Both keep the
/// luminance (BT.601 luma) of every pixel, so shapes, shading and the figure survive while the palette that
/// separates the synthetic scenes' instruments does not. Used to train the second image judge; no gradients needed.
/// Hue rotation works in YIQ: Y is the luma and (I, Q) the chroma plane, which is rotated. Because I and Q vanish on
/// grey (R = G = B), grey pixels are unchanged, and the whole map is linear with the grey axis fixed, so it works the
/// same on [-1, 1] as on [0, 1] values.
/// </summary>
public sealed record ColourJitter
{
    /// <summary>Share of images turned to greyscale.</summary>
    public double GreyscaleProbability { get; init; } = 0.3;
    /// <summary>Share of the remaining (colour) images whose hue is rotated.</summary>
    public double HueProbability { get; init; } = 0.8;
    /// <summary>Rotation angle is uniform in [-MaxHueRadians, MaxHueRadians]; π means any hue.</summary>
    public double MaxHueRadians { get; init; } = Math.PI;

    /// <summary>RGB → YIQ (NTSC 1953 / BT.601 luma row).</summary>
    static readonly float[] RgbToYiq =
    [
        0.299f, 0.587f, 0.114f,
        0.595716f, -0.274453f, -0.321263f,
        0.211456f, -0.522591f, 0.311135f,
    ];

    /// <summary>Luma Y = 0.299 R + 0.587 G + 0.114 B, [N, 1, H, W].</summary>
    public static Tensor Luminance(Tensor images)
    {
        CheckImages(images);
        using var weights = tensor(RgbToYiq.AsSpan(0, 3).ToArray(), [1, 3, 1, 1], dtype: images.dtype, device: images.device);
        using var weighted = images * weights;
        return weighted.sum(1, keepdim: true);
    }

    /// <summary>The images with every channel set to the luma, [N, 3, H, W].</summary>
    public static Tensor Greyscale(Tensor images)
    {
        using var y = Luminance(images);
        return y.expand(-1, 3, -1, -1).contiguous();
    }

    /// <summary>Each image's hue rotated by its angle (radians, [N]); results clamped to [-1, 1].</summary>
    public static Tensor RotateHue(Tensor images, Tensor radians)
    {
        CheckImages(images);
        var n = images.shape[0];
        if (radians.dim() != 1 || radians.shape[0] != n)
            throw new InvalidInputException($"hue rotation needs one angle per image ([{n}]), got [{string.Join(",", radians.shape)}]");
        using var scope = NewDisposeScope();
        var toYiq = tensor(RgbToYiq, [3, 3], dtype: float64);
        var fromYiq = linalg.inv(toYiq);
        var angle = radians.to(float64).cpu();
        var (cos, sin) = (angle.cos(), angle.sin());
        var (one, zero) = (ones_like(cos), zeros_like(cos));
        // Per image: [[1, 0, 0], [0, cos, -sin], [0, sin, cos]] on (Y, I, Q).
        var rotation = stack([one, zero, zero, zero, cos, -sin, zero, sin, cos], 1).reshape(n, 3, 3);
        var map = matmul(fromYiq, matmul(rotation, toYiq)).to(images.dtype).to(images.device);
        var flat = images.reshape(n, 3, -1);
        var rotated = bmm(map, flat).reshape(images.shape).clamp(-1.0, 1.0);
        return rotated.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A jittered copy of a batch: greyscale with <see cref="GreyscaleProbability"/>, else a hue rotation with
    /// <see cref="HueProbability"/>, else unchanged. All draws come from <paramref name="random"/> (seeded by the caller).
    /// </summary>
    public Tensor Apply(Tensor images, Generator random)
    {
        Validate();
        CheckImages(images);
        var n = images.shape[0];
        using var scope = NewDisposeScope();
        var grey = (rand([n], generator: random) < GreyscaleProbability).to(images.device);
        var rotate = rand([n], generator: random) < HueProbability;
        var angles = (rand([n], generator: random) * 2 - 1) * MaxHueRadians * rotate.to(float32);
        var coloured = RotateHue(images, angles);
        return where(grey.reshape(n, 1, 1, 1), Greyscale(images), coloured).MoveToOuterDisposeScope();
    }

    public void Validate()
    {
        if (GreyscaleProbability is < 0 or > 1 || double.IsNaN(GreyscaleProbability))
            throw new InvalidInputException($"greyscale probability must be in [0, 1], got {GreyscaleProbability}");
        if (HueProbability is < 0 or > 1 || double.IsNaN(HueProbability))
            throw new InvalidInputException($"hue probability must be in [0, 1], got {HueProbability}");
        if (MaxHueRadians is < 0 or > Math.PI || double.IsNaN(MaxHueRadians))
            throw new InvalidInputException($"maximum hue rotation must be in [0, π], got {MaxHueRadians}");
    }

    static void CheckImages(Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] != 3)
            throw new InvalidInputException($"colour jitter expects images [N,3,H,W], got [{string.Join(",", images.shape)}]");
    }
}
