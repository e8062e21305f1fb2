using CrossModal.Domain;
namespace CrossModal.Core.Audio;

/// <summary>
/// The paper's "STFT" representation: the magnitude of the same centred 2048/512 periodic-Hann STFT as the LMS,
/// all 1025 bins (0 .. 22,050 Hz), log-compressed to dB as 20·log10(max(1e-5, |X|)) = 10·log10(max(1e-10, |X|²)),
/// i.e. the same floor as the LMS. Shape [1025, frames].
/// </summary>
public static class StftMagnitude
{
    public static Spectrogram LogMagnitude(ReadOnlySpan<float> samples)
    {
        var stft = Stft.Default;
        int frames = stft.FrameCount(samples.Length), bins = stft.Bins, n = stft.NFft;
        var data = new float[bins * frames];
        var frame = new double[n];
        var scratch = new double[n];
        var re = new double[bins];
        var im = new double[bins];
        for (int t = 0; t < frames; t++)
        {
            stft.WindowedFrame(samples, t, frame);
            stft.Fft.Forward(frame, re, im, scratch);
            for (int k = 0; k < bins; k++) data[k * frames + t] = AudioFrontEnd.PowerToDb(re[k] * re[k] + im[k] * im[k]);
        }
        return new Spectrogram(data, bins, frames);
    }
}
