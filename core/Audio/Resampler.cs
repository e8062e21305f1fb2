namespace CrossModal.Core.Audio;

/// <summary>
/// Band-limited resampling by a Kaiser-windowed sinc (the method of Smith's "Digital Audio Resampling"):
/// output sample n lies at input time t = n · from / to, and is Σ_j x[j] · c · sinc(c (t − j)) · kaiser((t − j) / half),
/// with c = rolloff · min(1, to / from) the cutoff relative to the input Nyquist, so that downsampling removes what
/// the new rate cannot hold instead of aliasing it. 32 zero crossings each side and β = 9 give a stop band
/// below −90 dB; rolloff 0.95 puts the pass band edge at 95 % of the lower Nyquist.
/// Samples outside the input are zeros. Output length = ⌈len · to / from⌉.
/// </summary>
public static class Resampler
{
    const int ZeroCrossings = 32;
    const double Beta = 9.0;
    const double Rolloff = 0.95;
    const int WindowTableSize = 4096;

    // Kaiser window tabulated on [0, 1] (it is even); linear interpolation between entries is far below the stop band.
    static readonly double[] KaiserTable = BuildKaiserTable();

    static double[] BuildKaiserTable()
    {
        var t = new double[WindowTableSize + 2];
        double i0Beta = BesselI0(Beta);
        for (int i = 0; i <= WindowTableSize; i++)
        {
            double x = (double)i / WindowTableSize;
            t[i] = BesselI0(Beta * Math.Sqrt(1 - x * x)) / i0Beta;
        }
        return t;
    }

    static double BesselI0(double x)
    {
        double sum = 1, term = 1, q = x * x / 4;
        for (int k = 1; k < 200 && term > 1e-17 * sum; k++)
        {
            term *= q / ((double)k * k);
            sum += term;
        }
        return sum;
    }

    static double Kaiser(double u) // u in [−1, 1]
    {
        double p = Math.Abs(u) * WindowTableSize;
        int i = (int)p;
        if (i >= WindowTableSize) return i == WindowTableSize && p == i ? KaiserTable[i] : 0;
        double f = p - i;
        return KaiserTable[i] + f * (KaiserTable[i + 1] - KaiserTable[i]);
    }

    public static AudioClip Resample(AudioClip clip, int toRate) =>
        clip.SampleRate == toRate ? clip : new AudioClip(Resample(clip.Samples, clip.SampleRate, toRate), toRate);

    public static float[] Resample(ReadOnlySpan<float> x, int fromRate, int toRate)
    {
        if (fromRate <= 0 || toRate <= 0) throw new InvalidInputException($"sample rates must be positive (got {fromRate} → {toRate}).");
        if (fromRate == toRate) return x.ToArray();
        long outLength = ((long)x.Length * toRate + fromRate - 1) / fromRate;
        if (outLength > int.MaxValue / 2) throw new InvalidInputException("resampled audio would be too long.");
        double c = Rolloff * Math.Min(1.0, (double)toRate / fromRate);
        double half = ZeroCrossings / c;                      // kernel half-width in input samples
        int k = (int)Math.Ceiling(half);
        int taps = 2 * k;                                     // input samples j0 − k + 1 .. j0 + k around t = j0 + frac

        // Output times n · from / to repeat their fractional part with period to / gcd; for the usual rates
        // (48000 → 44100: 147 phases) every phase's weights are tabulated once, otherwise computed per sample.
        int g = Gcd(fromRate, toRate), phases = toRate / g;
        double[]? table = null;
        if (phases <= MaxTabulatedPhases)
        {
            table = new double[phases * taps];
            for (int p = 0; p < phases; p++) Weights((double)p / phases, c, half, k, table.AsSpan(p * taps, taps));
        }
        var onTheFly = table is null ? new double[taps] : null;

        var y = new float[outLength];
        for (long n = 0; n < outLength; n++)
        {
            // Exact rational time n · from / to, split into integer and fractional parts without drift.
            long num = n * fromRate;
            long j0 = num / toRate;
            long rem = num - j0 * toRate;
            ReadOnlySpan<double> w;
            if (table is not null) w = table.AsSpan((int)(rem / g) * taps, taps);
            else { Weights((double)rem / toRate, c, half, k, onTheFly); w = onTheFly; }
            long first = j0 - k + 1;
            int iLo = (int)Math.Max(0, -first), iHi = (int)Math.Min(taps, x.Length - first);
            y[n] = iHi > iLo ? (float)Dot(x.Slice((int)(first + iLo), iHi - iLo), w.Slice(iLo, iHi - iLo)) : 0f;
        }
        return y;
    }

    const int MaxTabulatedPhases = 4096;

    static unsafe double Dot(ReadOnlySpan<float> x, ReadOnlySpan<double> w)
    {
        if (w.Length < x.Length) throw new ArgumentException("Dot: weights too short.");
        // Four independent sums: one running sum would wait on the adder's latency at every tap.
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        int n = x.Length, i = 0;
        fixed (float* xp = x)
        fixed (double* wp = w)
        {
            for (; i + 4 <= n; i += 4)
            {
                a0 += xp[i] * wp[i];
                a1 += xp[i + 1] * wp[i + 1];
                a2 += xp[i + 2] * wp[i + 2];
                a3 += xp[i + 3] * wp[i + 3];
            }
            for (; i < n; i++) a0 += xp[i] * wp[i];
        }
        return (a0 + a1) + (a2 + a3);
    }

    /// <summary>Weights of input samples j0 − k + 1 + i (i = 0 .. 2k − 1) for an output at time j0 + frac.</summary>
    static void Weights(double frac, double c, double half, int k, Span<double> w)
    {
        for (int i = 0; i < w.Length; i++)
        {
            double d = frac - (i - k + 1);
            double arg = Math.PI * c * d;
            double sinc = Math.Abs(arg) < 1e-12 ? 1.0 : Math.Sin(arg) / arg;
            w[i] = Math.Abs(d) >= half ? 0 : c * sinc * Kaiser(d / half);
        }
    }

    static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
