using CrossModal.Domain;
namespace CrossModal.Core.Audio;

/// <summary>
/// Mel spectrogram MS and log-mel spectrogram LMS, computed as librosa ≥ 0.10 computes
/// <c>power_to_db(melspectrogram(y, sr=44100, n_fft=2048, hop_length=512, n_mels=128), ref=1.0, amin=1e-10, top_db=None)</c>:
/// centred zero-padded frames, periodic Hann window, |STFT|², Slaney mel filters with Slaney area normalisation
/// (fmin 0, fmax sr/2), then 10·log10(max(1e-10, S)).
/// This runs on every training sample, so it streams frame by frame through preallocated tables (window,
/// FFT twiddles, sparse filter bank) and only rents small scratch buffers; it is thread-safe.
/// Output layout: row-major [128, frames] (see <see cref="Spectrogram"/>).
/// </summary>
public static class MelSpectrogram
{
    static Stft Stft => Stft.Default;
    static MelFilterBank Bank => MelFilterBank.Default;

    /// <summary>Linear mel power spectrogram (the paper's "MS"), [128, 1 + n/512].</summary>
    public static Spectrogram Power(ReadOnlySpan<float> samples)
    {
        int frames = Stft.FrameCount(samples.Length);
        var data = new float[AudioFrontEnd.MelBands * frames];
        Compute(samples, data, log: false);
        return new Spectrogram(data, AudioFrontEnd.MelBands, frames);
    }

    /// <summary>Log-mel spectrogram in dB (the paper's "LMS"), [128, 1 + n/512]; a 0.5 s chunk gives 128 x 44.</summary>
    public static Spectrogram Log(ReadOnlySpan<float> samples)
    {
        int frames = Stft.FrameCount(samples.Length);
        var data = new float[AudioFrontEnd.MelBands * frames];
        Compute(samples, data, log: true);
        return new Spectrogram(data, AudioFrontEnd.MelBands, frames);
    }

    /// <summary>
    /// Allocation-free form for batches: writes [128, frames] row-major into <paramref name="destination"/>
    /// (length 128 · (1 + samples.Length / 512)), e.g. a slice of a batch tensor's buffer.
    /// </summary>
    public static void Compute(ReadOnlySpan<float> samples, Span<float> destination, bool log)
    {
        int frames = Stft.FrameCount(samples.Length);
        if (destination.Length != AudioFrontEnd.MelBands * frames)
            throw new ArgumentException($"destination must hold {AudioFrontEnd.MelBands} x {frames} values, it holds {destination.Length}.");
        int n = Stft.NFft, bins = Stft.Bins;
        // One rented block for all per-frame scratch: frame, FFT scratch (n each), re, im, power (bins each), mel.
        var rented = System.Buffers.ArrayPool<double>.Shared.Rent(2 * n + 3 * bins + AudioFrontEnd.MelBands);
        try
        {
            var buf = rented.AsSpan();
            var frame = buf[..n];
            var scratch = buf.Slice(n, n);
            var re = buf.Slice(2 * n, bins);
            var im = buf.Slice(2 * n + bins, bins);
            var power = buf.Slice(2 * n + 2 * bins, bins);
            var mel = buf.Slice(2 * n + 3 * bins, AudioFrontEnd.MelBands);
            for (int t = 0; t < frames; t++)
            {
                Stft.WindowedFrame(samples, t, frame);
                Stft.Fft.Forward(frame, re, im, scratch);
                SquaredMagnitude(re, im, power);
                Bank.Apply(power, mel);
                for (int m = 0; m < mel.Length; m++)
                    destination[m * frames + t] = log ? AudioFrontEnd.PowerToDb(mel[m]) : (float)mel[m];
            }
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(rented);
        }
    }

    static unsafe void SquaredMagnitude(ReadOnlySpan<double> re, ReadOnlySpan<double> im, Span<double> power)
    {
        fixed (double* r = re, i = im, p = power)
            for (int k = 0; k < power.Length; k++) p[k] = r[k] * r[k] + i[k] * i[k];
    }
}
