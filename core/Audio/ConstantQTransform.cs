using CrossModal.Domain;
namespace CrossModal.Core.Audio;

/// <summary>
/// Constant-Q transform by the frequency-domain kernel of Brown and Puckette (1992): each CQ bin k is the inner
/// product of a frame with a complex kernel K_k[n] = w_k[n] / Σw_k · e^{2πi f_k n / sr}, where w_k is a Hann
/// window of N_k = ⌈Q · sr / f_k⌉ samples centred in the frame; by Parseval it is evaluated as
/// (1/N) Σ_j X[j] · conj(K̂_k[j]) over the few FFT bins where the kernel's spectrum K̂_k is not negligible
/// (|K̂_k| ≥ 10⁻³ of its peak). Because the kernels are L1-normalised, a sinusoid of amplitude A at a bin's
/// centre frequency reads A/2 in that bin.
/// Parameters (librosa's cqt defaults): f_min = C1 = 32.703 Hz, 12 bins per octave, 84 bins (C1 .. B7 = 3951 Hz),
/// Q = 1 / (2^{1/12} − 1) ≈ 16.82, hop 512. The lowest kernel is 22,678 samples long, so frames are 32,768
/// samples (zero-padded beyond the signal, centred on t · 512 like the STFT frames): a 0.5 s chunk gives 84 x 44.
/// Output: log magnitude 20·log10(max(1e-5, |X_cq|)) dB.
/// </summary>
public sealed class ConstantQTransform
{
    public const double DefaultFMin = 32.703195662574764; // C1, MIDI note 24
    public const int DefaultBinsPerOctave = 12;
    public const int DefaultBins = 84;
    const double SparsityThreshold = 1e-3;

    public int Bins { get; }
    public int BinsPerOctave { get; }
    public double FMin { get; }
    public double Q { get; }
    public int FrameSize { get; }
    public int Hop { get; }
    public double[] CentreFrequencies { get; }
    /// <summary>Window length N_k of each bin's kernel, in samples.</summary>
    public int[] KernelLengths { get; }

    readonly RealFft _fft;
    readonly int[] _start;
    readonly double[][] _kernelRe, _kernelIm; // conj(K̂_k[j]) / N over the kernel's support

    public static ConstantQTransform Default => LazyDefault.Value;
    static readonly Lazy<ConstantQTransform> LazyDefault = new(() =>
        new ConstantQTransform(AudioFrontEnd.SampleRate, DefaultFMin, DefaultBinsPerOctave, DefaultBins, AudioFrontEnd.Hop));

    public ConstantQTransform(int sampleRate, double fMin, int binsPerOctave, int bins, int hop)
    {
        double fMax = fMin * Math.Pow(2, (bins - 1.0) / binsPerOctave);
        if (fMin <= 0 || fMax >= sampleRate / 2.0) throw new ArgumentOutOfRangeException(nameof(bins), "CQT bins must lie between 0 and Nyquist.");
        Bins = bins;
        BinsPerOctave = binsPerOctave;
        FMin = fMin;
        Hop = hop;
        Q = 1.0 / (Math.Pow(2, 1.0 / binsPerOctave) - 1);
        CentreFrequencies = new double[bins];
        KernelLengths = new int[bins];
        for (int k = 0; k < bins; k++)
        {
            CentreFrequencies[k] = fMin * Math.Pow(2, (double)k / binsPerOctave);
            KernelLengths[k] = (int)Math.Ceiling(Q * sampleRate / CentreFrequencies[k]);
        }
        FrameSize = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)KernelLengths[0]);
        _fft = new RealFft(FrameSize);
        _start = new int[bins];
        _kernelRe = new double[bins][];
        _kernelIm = new double[bins][];

        int n = FrameSize, nb = _fft.Bins;
        var kr = new double[n];
        var ki = new double[n];
        var scratch = new double[n];
        var arRe = new double[nb]; var arIm = new double[nb];
        var aiRe = new double[nb]; var aiIm = new double[nb];
        var specRe = new double[nb]; var specIm = new double[nb];
        for (int k = 0; k < bins; k++)
        {
            Array.Clear(kr);
            Array.Clear(ki);
            int len = KernelLengths[k];
            int offset = n / 2 - len / 2; // the kernel's centre sits on the frame's centre sample
            double wsum = 0;
            for (int j = 0; j < len; j++) wsum += 0.5 - 0.5 * Math.Cos(2 * Math.PI * j / len);
            for (int j = 0; j < len; j++)
            {
                double w = (0.5 - 0.5 * Math.Cos(2 * Math.PI * j / len)) / wsum;
                // phase measured from the frame centre, so the coefficient's phase does not depend on N_k
                double phase = 2 * Math.PI * CentreFrequencies[k] * (offset + j - n / 2) / sampleRate;
                kr[offset + j] = w * Math.Cos(phase);
                ki[offset + j] = w * Math.Sin(phase);
            }
            // K̂ = FFT(Re K) + i FFT(Im K); only non-negative frequencies matter for an analytic kernel.
            _fft.Forward(kr, arRe, arIm, scratch);
            _fft.Forward(ki, aiRe, aiIm, scratch);
            double peak = 0;
            for (int j = 0; j < nb; j++)
            {
                specRe[j] = arRe[j] - aiIm[j];
                specIm[j] = arIm[j] + aiRe[j];
                peak = Math.Max(peak, Math.Sqrt(specRe[j] * specRe[j] + specIm[j] * specIm[j]));
            }
            int first = -1, last = -1;
            for (int j = 0; j < nb; j++)
                if (Math.Sqrt(specRe[j] * specRe[j] + specIm[j] * specIm[j]) >= SparsityThreshold * peak) { if (first < 0) first = j; last = j; }
            _start[k] = first;
            _kernelRe[k] = new double[last - first + 1];
            _kernelIm[k] = new double[last - first + 1];
            for (int j = first; j <= last; j++)
            {
                _kernelRe[k][j - first] = specRe[j] / n;
                _kernelIm[k][j - first] = -specIm[j] / n;
            }
        }
    }

    /// <summary>Log-magnitude CQT in dB, [Bins, 1 + samples / hop].</summary>
    public Spectrogram Compute(ReadOnlySpan<float> samples)
    {
        int frames = 1 + samples.Length / Hop;
        var data = new float[Bins * frames];
        Magnitude(samples, data);
        for (int i = 0; i < data.Length; i++) data[i] = (float)(20 * Math.Log10(Math.Max(1e-5, data[i])));
        return new Spectrogram(data, Bins, frames);
    }

    /// <summary>Linear CQ magnitudes |X_cq[k, t]| into <paramref name="destination"/>, row-major [Bins, frames].</summary>
    public void Magnitude(ReadOnlySpan<float> samples, Span<float> destination)
    {
        int frames = 1 + samples.Length / Hop, n = FrameSize, nb = _fft.Bins;
        if (destination.Length != Bins * frames) throw new ArgumentException($"destination must hold {Bins} x {frames} values.");
        var frame = new double[n];
        var scratch = new double[n];
        var re = new double[nb];
        var im = new double[nb];
        for (int t = 0; t < frames; t++)
        {
            int start = t * Hop - n / 2;
            int lo = Math.Max(0, -start), hi = Math.Min(n, samples.Length - start);
            Array.Clear(frame);
            for (int j = lo; j < hi; j++) frame[j] = samples[start + j];
            _fft.Forward(frame, re, im, scratch);
            for (int k = 0; k < Bins; k++)
            {
                var kRe = _kernelRe[k];
                var kIm = _kernelIm[k];
                int s = _start[k];
                double sr = 0, si = 0;
                for (int j = 0; j < kRe.Length; j++)
                {
                    double xr = re[s + j], xi = im[s + j];
                    sr += xr * kRe[j] - xi * kIm[j];
                    si += xr * kIm[j] + xi * kRe[j];
                }
                destination[k * frames + t] = (float)Math.Sqrt(sr * sr + si * si);
            }
        }
    }
}
