namespace CrossModal.Core.Audio.Microphone;

/// <summary>Background noise colour: white (flat) or pink (−3 dB per octave, like room and mic hiss).</summary>
public enum NoiseColour { White, Pink }

/// <summary>
/// Adds white or pink noise at a signal-to-noise ratio measured on the chunk itself: noise power =
/// signal power / 10^(SNR/10), both as mean squares over the whole chunk. A silent chunk stays silent
/// (its SNR is undefined and a silent real recording has no reason to turn into hiss).
/// </summary>
public static class AdditiveNoise
{
    // Pink filter start-up: its slowest pole (0.99886) needs ~900 samples to settle; run it this long first.
    private const int PinkWarmUp = 4096;

    [ThreadStatic] private static double[]? noiseBuffer;

    public static void Apply(Span<float> x, double snrDb, NoiseColour colour, ulong seed)
    {
        if (!double.IsFinite(snrDb)) throw new InvalidInputException($"SNR must be a finite number of dB, got {snrDb}");
        if (x.IsEmpty) return;
        double signalPower = 0;
        foreach (var v in x) signalPower += (double)v * v;
        signalPower /= x.Length;
        if (signalPower <= 0) return;

        if (noiseBuffer is null || noiseBuffer.Length < x.Length) noiseBuffer = new double[x.Length];
        var noise = noiseBuffer.AsSpan(0, x.Length);
        var source = new NoiseSource(seed);
        if (colour == NoiseColour.Pink) Pink(ref source, noise);
        else for (var i = 0; i < noise.Length; i++) noise[i] = source.NextGaussianLike();

        double noisePower = 0;
        foreach (var v in noise) noisePower += v * v;
        noisePower /= noise.Length;
        if (noisePower <= 0) return;
        var scale = Math.Sqrt(signalPower / Math.Pow(10, snrDb / 10) / noisePower);
        for (var i = 0; i < x.Length; i++) x[i] = (float)(x[i] + scale * noise[i]);
    }

    /// <summary>Paul Kellet's refined pink filter (sum of first-order low-passes; ±0.05 dB from 9 Hz up at 44.1 kHz).</summary>
    private static void Pink(ref NoiseSource source, Span<double> output)
    {
        double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
        for (var i = -PinkWarmUp; i < output.Length; i++)
        {
            var white = source.NextGaussianLike();
            b0 = 0.99886 * b0 + white * 0.0555179;
            b1 = 0.99332 * b1 + white * 0.0750759;
            b2 = 0.96900 * b2 + white * 0.1538520;
            b3 = 0.86650 * b3 + white * 0.3104856;
            b4 = 0.55000 * b4 + white * 0.5329522;
            b5 = -0.7616 * b5 - white * 0.0168980;
            var pink = b0 + b1 + b2 + b3 + b4 + b5 + b6 + white * 0.5362;
            b6 = white * 0.115926;
            if (i >= 0) output[i] = pink;
        }
    }
}
