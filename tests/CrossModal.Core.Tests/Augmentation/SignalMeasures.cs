using CrossModal.Core.Audio;

namespace CrossModal.Core.Tests.Augmentation;

/// <summary>Measurements the augmentation tests make on their outputs.</summary>
internal static class SignalMeasures
{
    public const int Rate = 44_100;
    public const int ChunkLength = 22_050;

    public static float[] Sine(double hz, double amplitude, int n = ChunkLength)
    {
        var y = new float[n];
        for (var i = 0; i < n; i++) y[i] = (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / Rate));
        return y;
    }

    public static float[] WhiteNoise(int seed, double amplitude = 0.1, int n = ChunkLength)
    {
        var rng = new Random(seed);
        var y = new float[n];
        for (var i = 0; i < n; i++) y[i] = (float)(amplitude * (2 * rng.NextDouble() - 1));
        return y;
    }

    public static double Power(ReadOnlySpan<float> x, int from = 0, int to = -1)
    {
        if (to < 0) to = x.Length;
        double s = 0;
        for (var i = from; i < to; i++) s += (double)x[i] * x[i];
        return s / (to - from);
    }

    public static double Db(double powerRatio) => 10 * Math.Log10(powerRatio);

    /// <summary>Energy between two frequencies, from a Hann-windowed FFT of the whole signal (zero-padded).</summary>
    public static double BandEnergy(ReadOnlySpan<float> x, double loHz, double hiHz)
    {
        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)x.Length);
        var fft = new RealFft(size);
        var buf = new double[size];
        for (var i = 0; i < x.Length; i++) buf[i] = x[i] * (0.5 - 0.5 * Math.Cos(2 * Math.PI * i / (x.Length - 1)));
        var re = new double[fft.Bins];
        var im = new double[fft.Bins];
        fft.Forward(buf, re, im, new double[size]);
        double e = 0;
        for (var k = 0; k < fft.Bins; k++)
        {
            var hz = (double)k * Rate / size;
            if (hz >= loHz && hz < hiHz) e += re[k] * re[k] + im[k] * im[k];
        }
        return e;
    }

    /// <summary>Frequency of the strongest component between two limits, by a fine Goertzel-style scan with a Hann window.</summary>
    public static double PeakFrequency(ReadOnlySpan<float> x, double loHz, double hiHz, double stepHz = 0.25)
    {
        double best = loHz, bestPower = -1;
        var n = x.Length;
        var w = new double[n];
        for (var i = 0; i < n; i++) w[i] = x[i] * (0.5 - 0.5 * Math.Cos(2 * Math.PI * i / (n - 1)));
        for (var f = loHz; f <= hiHz; f += stepHz)
        {
            double re = 0, im = 0, step = 2 * Math.PI * f / Rate;
            for (var i = 0; i < n; i++) { re += w[i] * Math.Cos(step * i); im -= w[i] * Math.Sin(step * i); }
            var p = re * re + im * im;
            if (p > bestPower) { bestPower = p; best = f; }
        }
        return best;
    }
}
