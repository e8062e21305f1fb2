namespace CrossModal.Core.Audio;

/// <summary>
/// Phase reconstruction by the fast Griffin–Lim algorithm (Perraudin, Balazs, Søndergaard 2013): with
/// c_n = STFT(ISTFT(|S| · e^{i∠t_{n−1}})) (project onto the target magnitude, then onto consistent spectrograms)
/// and t_n = c_n + α (c_n − c_{n−1}), α = 0.99. The start phase is uniformly random from a seed, so results are
/// reproducible. The waveform is ISTFT(|S| · e^{i∠c_N}).
/// </summary>
public static class GriffinLim
{
    public const int DefaultIterations = 100;
    public const double DefaultMomentum = 0.99;

    /// <param name="magnitude">Target |STFT|, bin-major [1025, frames].</param>
    /// <param name="length">Output length in samples.</param>
    public static float[] Reconstruct(ReadOnlySpan<double> magnitude, int frames, int length,
        int iterations = DefaultIterations, double momentum = DefaultMomentum, int seed = 0)
    {
        var stft = Stft.Default;
        int count = stft.Bins * frames;
        if (magnitude.Length != count) throw new ArgumentException($"magnitude must hold {stft.Bins} x {frames} values.");
        if (iterations < 0) throw new InvalidInputException($"Griffin-Lim iterations must be ≥ 0 (got {iterations}).");
        if (!(momentum >= 0 && momentum < 1)) throw new InvalidInputException($"Griffin-Lim momentum must be in [0, 1) (got {momentum}).");
        var mag = magnitude.ToArray();
        var rng = new Random(seed);
        // t: the accelerated iterate whose phase is used; c, cPrev: the last two consistent spectrograms.
        var tRe = new double[count];
        var tIm = new double[count];
        for (int i = 0; i < count; i++)
        {
            double phi = 2 * Math.PI * rng.NextDouble();
            tRe[i] = Math.Cos(phi);
            tIm[i] = Math.Sin(phi);
        }
        var cRe = new double[count];
        var cIm = new double[count];
        var cPrevRe = new double[count];
        var cPrevIm = new double[count];
        var xRe = new double[count];
        var xIm = new double[count];
        bool havePrev = false;
        for (int it = 0; it < iterations; it++)
        {
            ApplyMagnitude(mag, tRe, tIm, xRe, xIm);
            var y = stft.Inverse(xRe, xIm, frames, length);
            (cPrevRe, cRe) = (cRe, cPrevRe);
            (cPrevIm, cIm) = (cIm, cPrevIm);
            stft.Forward(y, cRe, cIm);
            double a = havePrev ? momentum : 0;
            for (int i = 0; i < count; i++)
            {
                tRe[i] = cRe[i] + a * (cRe[i] - cPrevRe[i]);
                tIm[i] = cIm[i] + a * (cIm[i] - cPrevIm[i]);
            }
            havePrev = true;
        }
        ApplyMagnitude(mag, iterations > 0 ? cRe : tRe, iterations > 0 ? cIm : tIm, xRe, xIm);
        return stft.Inverse(xRe, xIm, frames, length);
    }

    /// <summary>x = |S| · e^{i∠z}; where z is 0 the phase is taken as 0.</summary>
    static void ApplyMagnitude(double[] mag, double[] zRe, double[] zIm, double[] xRe, double[] xIm)
    {
        for (int i = 0; i < mag.Length; i++)
        {
            double r = Math.Sqrt(zRe[i] * zRe[i] + zIm[i] * zIm[i]);
            if (r > 1e-300) { xRe[i] = mag[i] * zRe[i] / r; xIm[i] = mag[i] * zIm[i] / r; }
            else { xRe[i] = mag[i]; xIm[i] = 0; }
        }
    }
}
