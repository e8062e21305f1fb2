using CrossModal.Domain;
namespace CrossModal.Core.Audio;

/// <summary>
/// Short-time Fourier transform exactly as librosa ≥ 0.10 frames it with center=True, pad_mode="constant":
/// the signal is padded with n_fft/2 zeros on each side, frame t starts at t·hop in the padded signal (so it is
/// centred on sample t·hop of the original), and each frame is multiplied by a periodic Hann window
/// (scipy.signal.get_window("hann", n_fft, fftbins=True)). Frames: 1 + samples / hop.
/// The inverse (<see cref="Inverse"/>) is librosa's istft: windowed overlap-add divided by the summed squared
/// window, with the centre padding trimmed.
/// An instance is immutable and thread-safe.
/// </summary>
public sealed class Stft
{
    public int NFft { get; }
    public int Hop { get; }
    public int Bins => NFft / 2 + 1;
    public RealFft Fft { get; }

    /// <summary>Periodic Hann window w[j] = 0.5 − 0.5·cos(2πj/n_fft).</summary>
    public double[] Window { get; }

    public static Stft Default { get; } = new(AudioFrontEnd.NFft, AudioFrontEnd.Hop);

    public Stft(int nFft, int hop)
    {
        if (hop < 1 || hop > nFft) throw new ArgumentOutOfRangeException(nameof(hop), hop, "hop must be in 1..n_fft.");
        NFft = nFft;
        Hop = hop;
        Fft = new RealFft(nFft);
        Window = PeriodicHann(nFft);
    }

    public static double[] PeriodicHann(int n)
    {
        var w = new double[n];
        for (int j = 0; j < n; j++) w[j] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * j / n);
        return w;
    }

    public int FrameCount(int samples) => 1 + samples / Hop;

    /// <summary>Copies frame t of the zero-padded, centred signal into <paramref name="frame"/> and applies the window.</summary>
    public void WindowedFrame(ReadOnlySpan<float> y, int t, Span<double> frame)
    {
        int start = t * Hop - NFft / 2;
        int lo = Math.Max(0, -start), hi = Math.Min(NFft, y.Length - start);
        // lo ≤ n_fft/2 and hi ≥ n_fft/2 for every frame of a centred STFT, so the three ranges tile the frame.
        frame[..lo].Clear();
        MultiplyInto(y.Slice(start + lo, hi - lo), Window.AsSpan(lo, hi - lo), frame[lo..hi]);
        frame[hi..].Clear();
    }

    /// <summary>dst[j] = src[j] · win[j]; on the per-frame hot path of every feature, hence pointers.</summary>
    static unsafe void MultiplyInto(ReadOnlySpan<float> src, ReadOnlySpan<double> win, Span<double> dst)
    {
        if (win.Length < src.Length || dst.Length < src.Length) throw new ArgumentException("MultiplyInto: spans too short.");
        fixed (float* s = src)
        fixed (double* w = win, d = dst)
            for (int j = 0; j < src.Length; j++) d[j] = s[j] * w[j];
    }

    /// <summary>
    /// Complex STFT, bin-major: re/im[bin * frames + t], bins = n_fft/2 + 1. Used by Griffin-Lim and tests;
    /// the feature extractors stream frame by frame instead.
    /// </summary>
    public void Forward(ReadOnlySpan<float> y, Span<double> re, Span<double> im)
    {
        int frames = FrameCount(y.Length), bins = Bins;
        if (re.Length != bins * frames || im.Length != bins * frames) throw new ArgumentException("Stft.Forward: output must hold bins x frames values.");
        var frame = new double[NFft];
        var scratch = new double[NFft];
        var fr = new double[bins];
        var fi = new double[bins];
        for (int t = 0; t < frames; t++)
        {
            WindowedFrame(y, t, frame);
            Fft.Forward(frame, fr, fi, scratch);
            for (int k = 0; k < bins; k++)
            {
                re[k * frames + t] = fr[k];
                im[k * frames + t] = fi[k];
            }
        }
    }

    /// <summary>
    /// Inverse STFT (librosa.istft with center=True, the same periodic Hann window, given output length):
    /// overlap-add of windowed inverse FFTs divided by Σ w², where that sum is not tiny.
    /// </summary>
    public float[] Inverse(ReadOnlySpan<double> re, ReadOnlySpan<double> im, int frames, int length)
    {
        int bins = Bins;
        if (re.Length != bins * frames || im.Length != bins * frames) throw new ArgumentException("Stft.Inverse: input must hold bins x frames values.");
        int padded = NFft + Hop * (frames - 1);
        var acc = new double[padded];
        var norm = new double[padded];
        var fr = new double[bins];
        var fi = new double[bins];
        var frame = new double[NFft];
        var scratch = new double[NFft];
        for (int t = 0; t < frames; t++)
        {
            for (int k = 0; k < bins; k++)
            {
                fr[k] = re[k * frames + t];
                fi[k] = im[k * frames + t];
            }
            Fft.Inverse(fr, fi, frame, scratch);
            int o = t * Hop;
            for (int j = 0; j < NFft; j++)
            {
                acc[o + j] += frame[j] * Window[j];
                norm[o + j] += Window[j] * Window[j];
            }
        }
        var y = new float[length];
        int off = NFft / 2;
        for (int i = 0; i < length; i++)
        {
            int p = i + off;
            if (p >= padded) break;
            y[i] = norm[p] > 1e-10 ? (float)(acc[p] / norm[p]) : (float)acc[p];
        }
        return y;
    }
}
