using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Imaging;

/// <summary>
/// Differentiable augmentation (Zhao et al. 2020, DiffAugment) for GAN training on a small data set: D sees every
/// image — real, generated and wrong pair — through the same random translation and cutout, in D's and in G's steps,
/// so it cannot memorise the training images, and G is still trained through the augmentation (the transform is made
/// of tensor operations, differentiable with respect to the image). Translation and cutout only: the colour policy
/// would blur the palette that separates violin from viola and clarinet from oboe. Defaults are the reference's:
/// shifts of up to 1/8 of the side (8 pixels at 64x64) in each direction, the vacated border filled with zeros, then a
/// square of half the side (32x32) zeroed, centred anywhere in the image (so it may be clipped by an edge).
/// A policy draws one <see cref="DiffAugmentTransform"/> per step; the trainer applies that one transform to the real,
/// fake and wrong batches of the step (issue 17 asks for the same transform on all three: D then compares images
/// that differ in content only, not in how they were shifted or masked).
/// </summary>
public sealed record DiffAugmentPolicy
{
    public bool Translation { get; init; } = true;
    /// <summary>Largest shift as a fraction of the image side: round(side · fraction) pixels each way.</summary>
    public double TranslationFraction { get; init; } = 0.125;
    public bool Cutout { get; init; } = true;
    /// <summary>Side of the zeroed square as a fraction of the image side: round(side · fraction) pixels.</summary>
    public double CutoutFraction { get; init; } = 0.5;

    public void Validate()
    {
        if (!(TranslationFraction is >= 0 and <= 1)) throw new InvalidInputException($"translation fraction must be in [0, 1], got {TranslationFraction}");
        if (!(CutoutFraction is >= 0 and <= 1)) throw new InvalidInputException($"cutout fraction must be in [0, 1], got {CutoutFraction}");
    }

    /// <summary>
    /// Random parameters for a batch of <paramref name="batch"/> images of <paramref name="height"/> x
    /// <paramref name="width"/>, one set per image, drawn on the CPU from <paramref name="random"/> (the run's own
    /// generator, so a run is reproducible and other work in the process cannot change its draws). A switched-off part
    /// still draws its numbers (and ignores them), so switching translation off in an ablation leaves the cutouts, and
    /// every later draw of the run, as they were.
    /// </summary>
    public DiffAugmentTransform Draw(long batch, long height, long width, Generator random)
    {
        Validate();
        if (batch < 1 || height < 1 || width < 1) throw new InvalidInputException($"DiffAugment needs a non-empty batch of images, got {batch} x {height} x {width}");
        long maxRows = Translation ? Rounded(height * TranslationFraction) : 0;
        long maxColumns = Translation ? Rounded(width * TranslationFraction) : 0;
        var shiftRows = Uniform(-maxRows, maxRows + 1, batch, random);
        var shiftColumns = Uniform(-maxColumns, maxColumns + 1, batch, random);
        long cutoutHeight = Cutout ? Rounded(height * CutoutFraction) : 0;
        long cutoutWidth = Cutout ? Rounded(width * CutoutFraction) : 0;
        // The square's centre is uniform over the image (one more position for an even side, as the reference), so
        // its top-left corner ranges from -side/2 to the far edge.
        var top = Uniform(0, height + 1 - cutoutHeight % 2, batch, random).Select(c => c - cutoutHeight / 2).ToArray();
        var left = Uniform(0, width + 1 - cutoutWidth % 2, batch, random).Select(c => c - cutoutWidth / 2).ToArray();
        return new DiffAugmentTransform(shiftRows, shiftColumns, top, left, cutoutHeight, cutoutWidth);
    }

    /// <summary>Round half up, as the reference's int(x + 0.5).</summary>
    private static long Rounded(double pixels) => (long)Math.Floor(pixels + 0.5);

    /// <summary>Integers uniform in [low, high).</summary>
    private static long[] Uniform(long low, long high, long count, Generator random)
    {
        using var draw = randint(low, high, [count], dtype: ScalarType.Int64, generator: random);
        return draw.data<long>().ToArray();
    }
}
