using CrossModal.Core.Models;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Models;

public class JudgeNetworkTests
{
    internal static ImageJudgeConfig TinyImage => new() { Widths = [4, 8], Dropout = 0 };
    internal static SoundJudgeConfig TinySound => new() { Widths = [4, 8], Dropout = 0 };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ImageJudgeGivesThirteenLogitsAndAPooledEmbedding(int stemStride)
    {
        using var judge = new ImageJudge(TinyImage with { StemStride = stemStride });
        judge.eval();
        using var x = rand(3, 3, 64, 64) * 2 - 1;
        var (embedding, logits) = judge.EmbedAndClassify(x);
        Assert.Equal(new long[] { 3, 13 }, logits.shape);
        Assert.Equal(new long[] { 3, 8 }, embedding.shape);
        Assert.Equal(13, judge.Classes);
        Assert.Equal(8, judge.EmbeddingSize);
        Assert.Equal(0f, judge.RegularisationPenalty().item<float>());
        Assert.Throws<InvalidInputException>(() => judge.call(rand(2, 3, 32, 32)));
    }

    [Fact]
    public void SoundJudgeGivesFourteenLogitsTheLastBeingRefused()
    {
        using var judge = new SoundJudge(TinySound);
        judge.eval();
        using var x = rand(2, 1, 128, 44) * 2 - 1;
        using var logits = judge.Judge(x);
        Assert.Equal(new long[] { 2, 14 }, logits.shape);
        Assert.Equal(13, SoundJudge.RefusedClass);
        Assert.Equal(SoundJudge.RefusedClass + 1, judge.Outputs);
        Assert.Equal(new long[] { 2, 8 * 8 }, judge.Embed(x).shape); // 8 channels x 8 pooled bands
        Assert.Throws<InvalidInputException>(() => judge.Judge(rand(2, 1, 128, 34)));
        Assert.Throws<InvalidInputException>(() => new SoundJudge(TinySound with { Instruments = 12 }));
    }

    [Fact]
    public void ResidualBlockChangesWidthAndHalvesTheMapWithStrideTwo()
    {
        using var block = new ResidualBlock(3, 6, 2);
        using var same = new ResidualBlock(6, 6, 1);
        using var x = rand(2, 3, 16, 10);
        using var y = block.call(x);
        Assert.Equal(new long[] { 2, 6, 8, 5 }, y.shape);
        Assert.Equal(y.shape, same.call(y).shape);
        Assert.True(y.min().item<float>() >= 0); // ends with ReLU
    }

    [Fact]
    public void BadConfigsAreRefused()
    {
        Assert.Throws<InvalidInputException>(() => new ImageJudge(TinyImage with { Widths = [] }));
        Assert.Throws<InvalidInputException>(() => new ImageJudge(TinyImage with { StemStride = 3 }));
        Assert.Throws<InvalidInputException>(() => new ImageJudge(TinyImage with { Dropout = 1 }));
        Assert.Throws<InvalidInputException>(() => new SoundJudge(TinySound with { InputWidth = 4 }));
    }
}
