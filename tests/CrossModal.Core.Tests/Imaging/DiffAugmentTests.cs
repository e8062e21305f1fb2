using CrossModal.Core.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Imaging;

public class DiffAugmentTests
{
    private static DiffAugmentTransform Shift(long rows, long columns) => new([rows], [columns], [0], [0], 0, 0);

    [Fact]
    public void TranslationMovesAKnownPixelAndFillsTheVacatedBorderWithZeros()
    {
        using var scope = NewDisposeScope();
        var image = zeros(1, 2, 8, 8);
        image[0, 0, 2, 3] = tensor(5f);
        image[0, 1, 4, 7] = tensor(7f);
        var moved = Shift(3, -2).Apply(image + 1); // + 1: so the zeros that enter are told apart from the content
        Assert.Equal(6f, moved[0, 0, 5, 1].item<float>()); // (2, 3) + (3, −2)
        Assert.Equal(1f, moved[0, 0, 4, 3].item<float>()); // from (1, 5), a background pixel
        Assert.Equal(8f, moved[0, 1, 7, 5].item<float>()); // a right-edge pixel, to the bottom row
        // Rows 0..2 came from above the image and columns 6..7 from right of it: zeros.
        Assert.Equal(0f, moved[0, .., 0..3, ..].abs().sum().item<float>());
        Assert.Equal(0f, moved[0, .., .., 6..].abs().sum().item<float>());
        Assert.Equal(2 * 5 * 6, (int)moved.ne(0).sum().item<long>());
    }

    [Fact]
    public void ShiftsLargerThanThePaddingStillBringInZeros()
    {
        using var scope = NewDisposeScope();
        var moved = Shift(-6, 7).Apply(ones(1, 1, 8, 8));
        Assert.Equal(2 * 1, (int)moved.sum().item<float>()); // rows 0..1 x column 7 are the only sources inside
        Assert.Equal(1f, moved[0, 0, 1, 7].item<float>());
    }

    [Fact]
    public void CutoutZeroesTheExpectedSquareClippedToTheImage()
    {
        using var scope = NewDisposeScope();
        var images = ones(2, 3, 16, 16);
        var cut = new DiffAugmentTransform([0, 0], [0, 0], [4, -3], [6, 12], 8, 8).Apply(images);
        Assert.Equal(0f, cut[0, .., 4..12, 6..14].abs().sum().item<float>());
        Assert.Equal(3 * (256 - 64), (int)cut[0].sum().item<float>());
        // The second square starts above and runs off the right edge: rows 0..4, columns 12..15 remain of it.
        Assert.Equal(0f, cut[1, .., 0..5, 12..].abs().sum().item<float>());
        Assert.Equal(3 * (256 - 5 * 4), (int)cut[1].sum().item<float>());
    }

    [Fact]
    public void OneDrawAppliesTheSameTransformToEveryBatchOfTheStep()
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(5);
        var real = rand(6, 3, 64, 64) + 0.5; // positive, so zeros in the output mark moved-out or cut-out pixels
        var fake = rand(6, 3, 64, 64) + 0.5;
        var transform = new DiffAugmentPolicy().Draw(6, 64, 64, random);
        var augmentedReal = transform.Apply(real);
        var augmentedFake = transform.Apply(fake);
        // Same shift and mask: the same pixels are zero, and a linear map of the input maps through.
        Assert.True(augmentedReal.eq(0).equal(augmentedFake.eq(0)).all().item<bool>());
        Assert.True(transform.Apply(real * 3 - fake).allclose(augmentedReal * 3 - augmentedFake, atol: 1e-5));
        // A second draw is a different transform.
        var other = new DiffAugmentPolicy().Draw(6, 64, 64, random).Apply(real);
        Assert.False(other.eq(0).equal(augmentedReal.eq(0)).all().item<bool>());
        Assert.Throws<InvalidInputException>(() => transform.Apply(rand(5, 3, 64, 64)));
    }

    [Fact]
    public void DrawsAreReproducibleFromTheGenerator()
    {
        using var first = new Generator(9);
        using var again = new Generator(9);
        var a = new DiffAugmentPolicy().Draw(8, 64, 64, first);
        var b = new DiffAugmentPolicy().Draw(8, 64, 64, again);
        Assert.Equal(a.ShiftRows, b.ShiftRows);
        Assert.Equal(a.ShiftColumns, b.ShiftColumns);
        Assert.Equal(a.CutoutTop, b.CutoutTop);
        Assert.Equal(a.CutoutLeft, b.CutoutLeft);
    }

    [Fact]
    public void GradientFlowsToTheImageWhereItsPixelsAreKept()
    {
        using var scope = NewDisposeScope();
        var image = rand(1, 2, 8, 8).requires_grad_();
        var transform = new DiffAugmentTransform([1], [-2], [5], [0], 2, 3);
        transform.Apply(image).sum().backward();
        var grad = image.grad!;
        Assert.Equal(image.shape, grad.shape);
        // The kept pixels each carry gradient 1: an image of ones, transformed, shows which output pixels are kept.
        var kept = transform.Apply(ones(1, 2, 8, 8)).sum().item<float>();
        Assert.Equal(kept, grad.sum().item<float>(), 4);
        Assert.True(kept > 0);
        Assert.Equal(1f, grad[0, 0, 0, 2].item<float>()); // moves to (1, 0), outside the cutout
        Assert.Equal(0f, grad[0, 0, 7, 4].item<float>()); // moved below the image
        Assert.Equal(0f, grad[0, 0, 0, 0].item<float>()); // moved left of the image
        Assert.Equal(0f, grad[0, 0, 4, 2].item<float>()); // moves to (5, 0), inside the cutout
    }

    [Fact]
    public void DefaultsAreTheReferencesEighthShiftAndHalfSquare()
    {
        using var random = new Generator(1);
        var t = new DiffAugmentPolicy().Draw(4000, 64, 64, random);
        Assert.Equal(32, t.CutoutHeight);
        Assert.Equal(32, t.CutoutWidth);
        Assert.Equal(-8, t.ShiftRows.Min()); Assert.Equal(8, t.ShiftRows.Max());
        Assert.Equal(-8, t.ShiftColumns.Min()); Assert.Equal(8, t.ShiftColumns.Max());
        // The square's centre ranges over 0..64, so its corner over −16..48.
        Assert.Equal(-16, t.CutoutTop.Min()); Assert.Equal(48, t.CutoutTop.Max());
        Assert.Equal(-16, t.CutoutLeft.Min()); Assert.Equal(48, t.CutoutLeft.Max());
    }

    [Fact]
    public void SwitchedOffPartsLeaveTheImageAlone()
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(2);
        var image = rand(3, 3, 16, 16);
        var none = new DiffAugmentPolicy { Translation = false, Cutout = false }.Draw(3, 16, 16, random);
        Assert.True(none.Apply(image).equal(image).all().item<bool>());
        var cutOnly = new DiffAugmentPolicy { Translation = false }.Draw(3, 16, 16, random);
        Assert.All(cutOnly.ShiftRows.Concat(cutOnly.ShiftColumns), s => Assert.Equal(0, s));
        // The same cutouts as with translation on: a switch in an ablation does not reshuffle the other draws.
        using var replay = new Generator(2);
        new DiffAugmentPolicy().Draw(3, 16, 16, replay);
        var both = new DiffAugmentPolicy().Draw(3, 16, 16, replay);
        Assert.Equal(both.CutoutTop, cutOnly.CutoutTop);
        Assert.Equal(both.CutoutLeft, cutOnly.CutoutLeft);
        Assert.Throws<InvalidInputException>(() => new DiffAugmentPolicy { CutoutFraction = 1.5 }.Draw(3, 16, 16, random));
    }
}
