using CrossModal.Core.Audio;

namespace CrossModal.Core.Tests.Audio;

public class ResamplerTests
{
    /// <summary>Amplitude and phase of frequency f in y by least squares against sin/cos (a direct, not FFT, estimate).</summary>
    static (double Amplitude, double Residual) FitSine(ReadOnlySpan<float> y, double f, int rate)
    {
        double ss = 0, sc = 0, cc = 0, ys = 0, yc = 0, yy = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double s = Math.Sin(2 * Math.PI * f * i / rate), c = Math.Cos(2 * Math.PI * f * i / rate);
            ss += s * s; sc += s * c; cc += c * c; ys += y[i] * s; yc += y[i] * c; yy += (double)y[i] * y[i];
        }
        double det = ss * cc - sc * sc;
        double a = (ys * cc - yc * sc) / det, b = (yc * ss - ys * sc) / det;
        double fitted = a * ys + b * yc;
        return (Math.Sqrt(a * a + b * b), Math.Sqrt(Math.Max(0, yy - fitted) / yy));
    }

    [Theory]
    [InlineData(22050, 1000.0)]
    [InlineData(48000, 1000.0)]
    [InlineData(48000, 15000.0)]
    [InlineData(8000, 440.0)]
    [InlineData(44101, 3000.0)] // 44,101 phases: weights computed per sample instead of tabulated
    public void SineKeepsItsFrequencyAndLevel(int fromRate, double freq)
    {
        var x = AudioTestSignals.Sine(fromRate / 2, freq, 0.5, fromRate, phase: 0.3);
        var y = Resampler.Resample(x, fromRate, 44100);
        Assert.Equal((int)Math.Ceiling(x.Length * 44100.0 / fromRate), y.Length);
        // Away from the edges (where the kernel meets the zero padding) the output is the same sine at 44.1 kHz:
        var middle = y.AsSpan(2000, y.Length - 4000);
        var (amp, residual) = FitSine(middle, freq, 44100);
        Assert.Equal(0.0, 20 * Math.Log10(amp / 0.5), 0.05);
        Assert.True(residual < 0.01, $"residual {residual:P3} of the signal is not the {freq} Hz sine");
    }

    [Fact]
    public void DownsamplingRemovesWhatTheNewRateCannotHoldInsteadOfAliasingIt()
    {
        // 18 kHz at 48 kHz → 11,025 Hz (Nyquist 5,512 Hz): a naive decimator would alias it to an audible tone.
        var x = AudioTestSignals.Sine(24000, 18000, 0.5, 48000);
        var y = Resampler.Resample(x, 48000, 11025);
        double rms = Math.Sqrt(y.AsSpan(500, y.Length - 1000).ToArray().Average(v => (double)v * v));
        Assert.True(20 * Math.Log10(rms / (0.5 / Math.Sqrt(2))) < -80, $"alias at {20 * Math.Log10(rms / 0.3536):F1} dB");
    }

    [Fact]
    public void SameRateIsACopyAndBadRatesAreRefused()
    {
        float[] x = [0.1f, 0.2f];
        Assert.Equal(x, Resampler.Resample(x, 44100, 44100));
        Assert.Throws<InvalidInputException>(() => Resampler.Resample(x, 0, 44100));
        var clip = new AudioClip(x, 44100);
        Assert.Same(clip, Resampler.Resample(clip, 44100));
    }
}
