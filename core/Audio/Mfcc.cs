using CrossModal.Domain;
namespace CrossModal.Core.Audio;

/// <summary>
/// Mel-frequency cepstral coefficients: the orthonormal DCT-II (scipy.fft.dct(type=2, norm="ortho")) of each LMS
/// frame along the mel axis, keeping the first 20 coefficients (librosa.feature.mfcc's default n_mfcc):
/// c[q] = s_q Σ_m LMS[m] cos(π q (2m + 1) / (2M)), s_0 = √(1/M), s_q = √(2/M), M = 128.
/// Unlike librosa.feature.mfcc, the LMS is not clipped to 80 dB below its peak (top_db=None, as everywhere here).
/// </summary>
public static class Mfcc
{
    public const int DefaultCoefficients = 20;

    static readonly double[] Basis = BuildBasis(AudioFrontEnd.MelBands, DefaultCoefficients);

    static double[] BuildBasis(int m, int q)
    {
        var b = new double[q * m];
        for (int i = 0; i < q; i++)
        {
            double s = Math.Sqrt((i == 0 ? 1.0 : 2.0) / m);
            for (int j = 0; j < m; j++) b[i * m + j] = s * Math.Cos(Math.PI * i * (2 * j + 1) / (2.0 * m));
        }
        return b;
    }

    /// <summary>MFCC [20, frames] of a log-mel spectrogram [128, frames].</summary>
    public static Spectrogram FromLogMel(Spectrogram lms)
    {
        if (lms.Bins != AudioFrontEnd.MelBands) throw new ArgumentException($"MFCC needs a {AudioFrontEnd.MelBands}-band log-mel spectrogram, got {lms.Bins} bins.");
        int frames = lms.Frames, m = lms.Bins;
        var data = new float[DefaultCoefficients * frames];
        var column = new double[m];
        for (int t = 0; t < frames; t++)
        {
            for (int j = 0; j < m; j++) column[j] = lms.Data[j * frames + t];
            for (int i = 0; i < DefaultCoefficients; i++)
            {
                double s = 0;
                for (int j = 0; j < m; j++) s += Basis[i * m + j] * column[j];
                data[i * frames + t] = (float)s;
            }
        }
        return new Spectrogram(data, DefaultCoefficients, frames);
    }
}
