using System.Collections.Concurrent;

namespace CrossModal.Core.Audio.Augmentation;

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

    private static readonly ConcurrentDictionary<int, RealFft> Ffts = new();

    [ThreadStatic] private static double[]? signalBuffer, responseBuffer, scratch, sigRe, sigIm, resRe, resIm;

    public static void Apply(Span<float> x, int sampleRate, double rt60Seconds, double wet, ulong seed)
    {
        if (sampleRate <= 0) throw new InvalidInputException($"sample rate must be positive, got {sampleRate}");
        if (!(rt60Seconds > 0) || !double.IsFinite(rt60Seconds)) throw new InvalidInputException($"RT60 must be a positive number of seconds, got {rt60Seconds}");
        if (!(wet >= 0 && wet <= 1)) throw new InvalidInputException($"reverb wet mix must be in [0, 1], got {wet}");
        var n = x.Length;
        if (n == 0 || wet == 0) return;

        var length = (int)Math.Min(n, Math.Ceiling(rt60Seconds * sampleRate));
        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, n + length - 1));
        var fft = Ffts.GetOrAdd(size, s => new RealFft(s));
        var bins = fft.Bins;
        var sig = Buffer(ref signalBuffer, size);
        var res = Buffer(ref responseBuffer, size);
        var work = Buffer(ref scratch, size);
        var sr = Buffer(ref sigRe, bins); var si = Buffer(ref sigIm, bins);
        var rr = Buffer(ref resRe, bins); var ri = Buffer(ref resIm, bins);

        for (var i = 0; i < n; i++) sig[i] = x[i];
        Array.Clear(sig, n, size - n);
        ImpulseResponse(res.AsSpan(0, length), sampleRate, rt60Seconds, seed);
        Array.Clear(res, length, size - length);

        fft.Forward(sig.AsSpan(0, size), sr, si, work);
        fft.Forward(res.AsSpan(0, size), rr, ri, work);
        for (var k = 0; k < bins; k++)
        {
            double re = sr[k] * rr[k] - si[k] * ri[k];
            double im = sr[k] * ri[k] + si[k] * rr[k];
            sr[k] = re; si[k] = im;
        }
        fft.Inverse(sr, si, res.AsSpan(0, size), work); // res now holds the reverberant signal

        var dry = 1 - wet;
        for (var i = 0; i < n; i++) x[i] = (float)(dry * x[i] + wet * res[i]);
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
