using CrossModal.Domain;
namespace CrossModal.Core.Audio;

/// <summary>
/// librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax, htk=False, norm="slaney"): triangles between consecutive
/// points of n_mels + 2 Slaney-mel-spaced frequencies, evaluated at the FFT bin frequencies k·sr/n_fft, each
/// scaled by 2 / (f[m+2] − f[m]) so that every filter has the same area. Stored sparsely (each row's non-zero
/// run), with weights rounded to float32 as librosa stores them.
/// </summary>
public sealed class MelFilterBank
{
    public int Bands { get; }
    public int FftBins { get; }
    /// <summary>First FFT bin with a non-zero weight, per band.</summary>
    public int[] Start { get; }
    /// <summary>Non-zero weights of each band, starting at <see cref="Start"/>.</summary>
    public float[][] Weights { get; }

    public static MelFilterBank Default { get; } =
        new(AudioFrontEnd.SampleRate, AudioFrontEnd.NFft, AudioFrontEnd.MelBands, 0, AudioFrontEnd.SampleRate / 2.0);

    public MelFilterBank(int sampleRate, int nFft, int bands, double fMin, double fMax)
    {
        if (bands < 1) throw new ArgumentOutOfRangeException(nameof(bands));
        if (!(fMin >= 0 && fMax > fMin && fMax <= sampleRate / 2.0)) throw new ArgumentOutOfRangeException(nameof(fMax), "need 0 ≤ fmin < fmax ≤ sr/2.");
        Bands = bands;
        FftBins = nFft / 2 + 1;
        var melF = MelScale.MelFrequencies(bands + 2, fMin, fMax);
        Start = new int[bands];
        Weights = new float[bands][];
        var row = new float[FftBins];
        for (int m = 0; m < bands; m++)
        {
            double lowerWidth = melF[m + 1] - melF[m], upperWidth = melF[m + 2] - melF[m + 1];
            double enorm = 2.0 / (melF[m + 2] - melF[m]);
            int first = -1, last = -1;
            for (int k = 0; k < FftBins; k++)
            {
                double f = k * (double)sampleRate / nFft;
                double lower = (f - melF[m]) / lowerWidth;
                double upper = (melF[m + 2] - f) / upperWidth;
                // librosa stores the triangle in a float32 array and then multiplies by enorm in float32.
                float w = (float)Math.Max(0, Math.Min(lower, upper));
                w = (float)(w * enorm);
                row[k] = w;
                if (w > 0) { if (first < 0) first = k; last = k; }
            }
            if (first < 0) { Start[m] = 0; Weights[m] = []; continue; } // an empty band (too many mels for n_fft) stays all-zero
            Start[m] = first;
            Weights[m] = row[first..(last + 1)];
        }
    }

    /// <summary>Dense weight W[band, bin] (for tests and the inversion).</summary>
    public double Weight(int band, int bin)
    {
        int i = bin - Start[band];
        return i >= 0 && i < Weights[band].Length ? Weights[band][i] : 0.0;
    }

    /// <summary>mel[m] = Σ_k W[m, k] · power[k] for one frame.</summary>
    public unsafe void Apply(ReadOnlySpan<double> power, Span<double> mel)
    {
        if (power.Length < FftBins || mel.Length < Bands) throw new ArgumentException("MelFilterBank.Apply: buffers too short.");
        fixed (double* pp = power)
        {
            for (int m = 0; m < Bands; m++)
            {
                var w = Weights[m];
                double* p = pp + Start[m];
                // Two independent sums halve the wait on the adder's latency (bands are 3 to ~90 bins wide).
                double s0 = 0, s1 = 0;
                int i = 0;
                fixed (float* wp = w)
                {
                    for (; i + 2 <= w.Length; i += 2)
                    {
                        s0 += wp[i] * p[i];
                        s1 += wp[i + 1] * p[i + 1];
                    }
                    if (i < w.Length) s0 += wp[i] * p[i];
                }
                mel[m] = s0 + s1;
            }
        }
    }

    /// <summary>out[k] = Σ_m W[m, k] · v[m] (the transpose), for one frame.</summary>
    public void ApplyTransposed(ReadOnlySpan<double> v, Span<double> result)
    {
        result[..FftBins].Clear();
        for (int m = 0; m < Bands; m++)
        {
            var w = Weights[m];
            int s = Start[m];
            double vm = v[m];
            for (int i = 0; i < w.Length; i++) result[s + i] += w[i] * vm;
        }
    }
}
