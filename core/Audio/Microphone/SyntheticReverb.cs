namespace CrossModal.Core.Audio.Microphone;

/// <summary>
/// Room reverberation by FFT convolution with a synthetic impulse response: Gaussian-like noise under an
/// exponential envelope that falls 60 dB in RT60 seconds (the statistical model of a diffuse late field).
/// Real rooms absorb high frequencies faster, so the response is split at about 2 kHz by a one-pole low-pass
/// and the upper band decays twice as fast. The response is normalised to unit energy, so the wet signal has
/// roughly the dry signal's level, and mixed as (1 − wet)·dry + wet·reverberant.
/// Only the first chunk-length samples of the convolution are kept (the tail past the chunk is dropped), so
/// the response is truncated there too: later taps cannot reach the output.
/// </summary>
public static class SyntheticReverb
{
    private const double HighBandSplitHz = 2000;

    [ThreadStatic] private static double[]? responseBuffer, wetBuffer;

    public static void Apply(Span<float> x, int sampleRate, double rt60Seconds, double wet, ulong seed)
    {
        if (sampleRate <= 0) throw new InvalidInputException($"sample rate must be positive, got {sampleRate}");
        if (!(rt60Seconds > 0) || !double.IsFinite(rt60Seconds)) throw new InvalidInputException($"RT60 must be a positive number of seconds, got {rt60Seconds}");
        if (!(wet >= 0 && wet <= 1)) throw new InvalidInputException($"reverb wet mix must be in [0, 1], got {wet}");
        var n = x.Length;
        if (n == 0 || wet == 0) return;

        var length = (int)Math.Min(n, Math.Ceiling(rt60Seconds * sampleRate));
        var h = Buffer(ref responseBuffer, length).AsSpan(0, length);
        ImpulseResponse(h, sampleRate, rt60Seconds, seed);
        var reverberant = Buffer(ref wetBuffer, n).AsSpan(0, n);
        FftConvolution.Apply(x, h, reverberant);

        var dry = 1 - wet;
        for (var i = 0; i < n; i++) x[i] = (float)(dry * x[i] + wet * reverberant[i]);
    }

    /// <summary>The unit-energy two-band exponentially decaying noise response (public for tests and plots).</summary>
    public static void ImpulseResponse(Span<double> h, int sampleRate, double rt60Seconds, ulong seed)
    {
        var noise = new NoiseSource(seed);
        // Amplitude e^{−t/τ} is 10^{−3} (−60 dB) at t = RT60.
        double perSample = Math.Exp(-Math.Log(1000) / (rt60Seconds * sampleRate));
        double lowPole = Math.Exp(-2 * Math.PI * HighBandSplitHz / sampleRate);
        double low = 0, envelope = 1, energy = 0;
        for (var i = 0; i < h.Length; i++)
        {
            var v = noise.NextGaussianLike();
            low = (1 - lowPole) * v + lowPole * low;
            var high = v - low;
            h[i] = low * envelope + high * envelope * envelope; // the upper band decays twice as fast
            envelope *= perSample;
            energy += h[i] * h[i];
        }
        if (energy <= 0) return;
        var scale = 1 / Math.Sqrt(energy);
        for (var i = 0; i < h.Length; i++) h[i] *= scale;
    }

    private static double[] Buffer(ref double[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length) buffer = new double[length];
        return buffer;
    }
}
