using CrossModal.Core.Audio;

namespace CrossModal.Core.Tests.Audio;

public class RealFftTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(4)]
    [InlineData(16)]
    [InlineData(64)]
    [InlineData(2048)]
    public void ForwardMatchesADirectDft(int n)
    {
        var rng = new Random(n);
        var x = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var fft = new RealFft(n);
        var re = new double[fft.Bins];
        var im = new double[fft.Bins];
        fft.Forward(x, re, im, new double[n]);
        var (dr, di) = AudioTestSignals.NaiveDft(x, fft.Bins);
        for (int k = 0; k < fft.Bins; k++)
        {
            Assert.Equal(dr[k], re[k], 1e-9 * n);
            Assert.Equal(di[k], im[k], 1e-9 * n);
        }
    }

    [Fact]
    public void InverseUndoesForward()
    {
        const int n = 2048;
        var rng = new Random(7);
        var x = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var fft = new RealFft(n);
        var re = new double[fft.Bins];
        var im = new double[fft.Bins];
        var scratch = new double[n];
        fft.Forward(x, re, im, scratch);
        var back = new double[n];
        fft.Inverse(re, im, back, scratch);
        for (int j = 0; j < n; j++) Assert.Equal(x[j], back[j], 1e-12);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(1000)]
    public void RefusesSizesThatAreNotPowersOfTwo(int n) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RealFft(n));
}
