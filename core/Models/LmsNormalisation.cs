using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Models;

/// <summary>
/// Maps log-mel values in dB to the GAN range [-1, 1] with a fixed, documented range (stored in each I2S
/// model's manifest): values are clamped to [MinDb, MaxDb] and mapped linearly. A fixed range (rather than
/// per-dataset statistics) keeps generated spectrograms comparable across datasets and invertible to dB.
/// </summary>
public sealed record LmsNormalisation(double MinDb = -100, double MaxDb = 40)
{
    public static LmsNormalisation Default { get; } = new();

    public Tensor ToUnit(Tensor db)
    {
        Check();
        using var clamped = db.clamp(MinDb, MaxDb);
        using var shifted = clamped - MinDb;
        return shifted * (2.0 / (MaxDb - MinDb)) - 1.0;
    }

    public Tensor ToDb(Tensor unit)
    {
        Check();
        using var clamped = unit.clamp(-1.0, 1.0);
        using var scaled = (clamped + 1.0);
        return scaled * ((MaxDb - MinDb) / 2.0) + MinDb;
    }

    /// <summary>Real LMS [N,1,128,44] resized to the I2S output size [N,1,128,34] by bilinear interpolation (paper §3.2).</summary>
    public static Tensor ResizeForI2S(Tensor lms)
    {
        ModelShapes.Expect(lms, "I2S LMS resize", 1, I2SGenerator.OutputHeight, -1);
        return nn.functional.interpolate(lms, size: [I2SGenerator.OutputHeight, I2SGenerator.OutputWidth],
            mode: InterpolationMode.Bilinear, align_corners: false);
    }

    /// <summary>
    /// A generated I2S output [N,1,128,34] in [-1,1] back to an LMS in dB at the chunk size [N,1,128,<paramref name="width"/>]
    /// (bilinear), so the sound classifier (which judges I2S, paper §4) and the mel inversion get their usual input.
    /// </summary>
    public Tensor FromI2S(Tensor generated, int width = 44)
    {
        ModelShapes.Expect(generated, "I2S output", 1, I2SGenerator.OutputHeight, I2SGenerator.OutputWidth);
        if (width < 1) throw new InvalidInputException($"LMS width must be positive, got {width}");
        using var db = ToDb(generated);
        return ResizeFrames(db, width);
    }

    /// <summary>
    /// LMS [N,1,bands,frames] stretched along time to <paramref name="frames"/> frames (bilinear, half-pixel centres): the
    /// one resize between the I2S generator's 34 frames and the 44 of a 0.5 s chunk, for the product's callers alike.
    /// </summary>
    public static Tensor ResizeFrames(Tensor lms, int frames) =>
        nn.functional.interpolate(lms, size: [lms.shape[2], frames], mode: InterpolationMode.Bilinear, align_corners: false);

    private void Check()
    {
        if (!(MaxDb > MinDb) || double.IsInfinity(MinDb) || double.IsInfinity(MaxDb))
            throw new InvalidInputException($"LMS normalisation range must satisfy MinDb < MaxDb (finite), got [{MinDb}, {MaxDb}]");
    }
}
