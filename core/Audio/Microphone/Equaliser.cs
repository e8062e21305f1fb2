namespace CrossModal.Core.Audio.Microphone;

/// <summary>
/// Spectral colour of a microphone, a speaker, a room or an instrument body: a first-order spectral tilt, an RBJ
/// peaking biquad (the "resonance"), and RBJ high- and low-pass biquads. All run in double precision, in place.
/// </summary>
public static class Equaliser
{
    /// <summary>
    /// First-order tilt: frequencies well below <paramref name="pivotHz"/> are scaled by −<paramref name="tiltDb"/>/2 dB,
    /// frequencies well above by +<paramref name="tiltDb"/>/2 dB, so a positive tilt brightens. Designed as the analog
    /// shelf H(s) = g_hi (s + z) / (s + p) with p·z = ω_c² (transition centred on the pivot on a log axis) and
    /// p / z = g_hi / g_lo, mapped by the bilinear transform with the pivot pre-warped.
    /// </summary>
    public static void Tilt(Span<float> x, int sampleRate, double tiltDb, double pivotHz)
    {
        CheckFrequency(sampleRate, pivotHz, "tilt pivot");
        if (!double.IsFinite(tiltDb)) throw new InvalidInputException($"tilt must be a finite number of dB, got {tiltDb}");
        double gHi = Math.Pow(10, tiltDb / 40), gLo = 1 / gHi;
        double wc = Math.Tan(Math.PI * pivotHz / sampleRate);
        double ratio = Math.Sqrt(gHi / gLo);
        double p = wc * ratio, z = wc / ratio;
        double b0 = gHi * (1 + z) / (1 + p), b1 = gHi * (z - 1) / (1 + p), a1 = (p - 1) / (1 + p);
        double x1 = 0, y1 = 0;
        for (var i = 0; i < x.Length; i++)
        {
            double xi = x[i];
            double y = b0 * xi + b1 * x1 - a1 * y1;
            x1 = xi; y1 = y;
            x[i] = (float)y;
        }
    }

    /// <summary>
    /// RBJ "Audio EQ Cookbook" peaking filter: <paramref name="gainDb"/> at <paramref name="centreHz"/>, bandwidth set
    /// by <paramref name="q"/>, unity far from it. A positive gain with a high Q mimics a body or mic resonance.
    /// </summary>
    public static void Peaking(Span<float> x, int sampleRate, double centreHz, double gainDb, double q)
    {
        CheckFrequency(sampleRate, centreHz, "resonance centre");
        if (!double.IsFinite(gainDb)) throw new InvalidInputException($"resonance gain must be a finite number of dB, got {gainDb}");
        CheckQ(q, "resonance Q");
        double a = Math.Pow(10, gainDb / 40);
        double w0 = 2 * Math.PI * centreHz / sampleRate;
        double alpha = Math.Sin(w0) / (2 * q), cos = Math.Cos(w0);
        Biquad(x, 1 + alpha * a, -2 * cos, 1 - alpha * a, 1 + alpha / a, -2 * cos, 1 - alpha / a);
    }

    /// <summary>
    /// RBJ second-order high-pass at <paramref name="cutoffHz"/> (12 dB per octave below it); Q 1/√2 is Butterworth
    /// (−3 dB at the cutoff), a higher Q a resonant bump there, as a small speaker's port.
    /// </summary>
    public static void HighPass(Span<float> x, int sampleRate, double cutoffHz, double q = ButterworthQ)
    {
        CheckFrequency(sampleRate, cutoffHz, "high-pass cutoff");
        CheckQ(q, "high-pass Q");
        double w0 = 2 * Math.PI * cutoffHz / sampleRate, alpha = Math.Sin(w0) / (2 * q), cos = Math.Cos(w0);
        Biquad(x, (1 + cos) / 2, -(1 + cos), (1 + cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
    }

    /// <summary>RBJ second-order low-pass at <paramref name="cutoffHz"/> (12 dB per octave above it); Q 1/√2 is Butterworth.</summary>
    public static void LowPass(Span<float> x, int sampleRate, double cutoffHz, double q = ButterworthQ)
    {
        CheckFrequency(sampleRate, cutoffHz, "low-pass cutoff");
        CheckQ(q, "low-pass Q");
        double w0 = 2 * Math.PI * cutoffHz / sampleRate, alpha = Math.Sin(w0) / (2 * q), cos = Math.Cos(w0);
        Biquad(x, (1 - cos) / 2, 1 - cos, (1 - cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
    }

    public const double ButterworthQ = 0.7071067811865476;

    /// <summary>Direct form I biquad in double precision, in place; coefficients as the cookbook gives them (divided by a0 here).</summary>
    private static void Biquad(Span<float> x, double b0, double b1, double b2, double a0, double a1, double a2)
    {
        b0 /= a0; b1 /= a0; b2 /= a0; a1 /= a0; a2 /= a0;
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (var i = 0; i < x.Length; i++)
        {
            double xi = x[i];
            double y = b0 * xi + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1; x1 = xi; y2 = y1; y1 = y;
            x[i] = (float)y;
        }
    }

    private static void CheckQ(double q, string what)
    {
        if (!(q > 0) || !double.IsFinite(q)) throw new InvalidInputException($"{what} must be positive, got {q}");
    }

    private static void CheckFrequency(int sampleRate, double hz, string what)
    {
        if (sampleRate <= 0) throw new InvalidInputException($"sample rate must be positive, got {sampleRate}");
        if (!(hz > 0) || hz >= sampleRate / 2.0) throw new InvalidInputException($"{what} must be between 0 and {sampleRate / 2} Hz, got {hz}");
    }
}
