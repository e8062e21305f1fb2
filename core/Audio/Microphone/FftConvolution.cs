using System.Collections.Concurrent;

namespace CrossModal.Core.Audio.Microphone;

/// <summary>
/// Linear convolution of a chunk with an impulse response by real FFTs (sizes a power of two ≥ n + m − 1, so nothing
/// wraps around), keeping the first chunk-length samples: a room's tail past the chunk's end is dropped, as a 0.5 s
/// window of a longer recording would not hold it either. Buffers and FFT plans are reused per thread and per size.
/// </summary>
public static class FftConvolution
{
    private static readonly ConcurrentDictionary<int, RealFft> Ffts = new();

    [ThreadStatic] private static double[]? signalBuffer, responseBuffer, scratch, sigRe, sigIm, resRe, resIm;

    /// <summary>
    /// Writes (x ∗ h)[0 .. n) into <paramref name="output"/> (n = x.Length; may not alias <paramref name="h"/>).
    /// Taps of <paramref name="h"/> beyond n cannot reach the kept output and are ignored.
    /// </summary>
    public static void Apply(ReadOnlySpan<float> x, ReadOnlySpan<double> h, Span<double> output)
    {
        var n = x.Length;
        if (output.Length < n) throw new ArgumentException("output shorter than the signal", nameof(output));
        if (n == 0) return;
        var length = Math.Min(n, h.Length);
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
        h[..length].CopyTo(res);
        Array.Clear(res, length, size - length);

        fft.Forward(sig.AsSpan(0, size), sr, si, work);
        fft.Forward(res.AsSpan(0, size), rr, ri, work);
        for (var k = 0; k < bins; k++)
        {
            double re = sr[k] * rr[k] - si[k] * ri[k];
            double im = sr[k] * ri[k] + si[k] * rr[k];
            sr[k] = re; si[k] = im;
        }
        fft.Inverse(sr, si, res.AsSpan(0, size), work);
        res.AsSpan(0, n).CopyTo(output);
    }

    private static double[] Buffer(ref double[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length) buffer = new double[length];
        return buffer;
    }
}
