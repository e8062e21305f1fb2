using CrossModal.Domain;
namespace CrossModal.Core.Audio;

/// <summary>
/// Log-mel spectrogram → waveform: dB → mel power (10^(L/10)) → linear STFT power by non-negative least squares
/// (<see cref="MelInversion"/>) → magnitude (√) → fast Griffin–Lim (<see cref="GriffinLim"/>). If the result would
/// clip, it is scaled down to a peak of 0.999 so that the 16-bit WAV is not distorted.
/// </summary>
public static class LmsInversion
{
    /// <summary>LMS values above this cannot come from audio in [−1, 1] (its ceiling is about +60 dB).</summary>
    public const float MaxPlausibleDb = 120f;

    public sealed record Options(
        int GriffinLimIterations = GriffinLim.DefaultIterations,
        double Momentum = GriffinLim.DefaultMomentum,
        int Seed = 0,
        int NnlsIterations = MelInversion.DefaultIterations);

    /// <summary>
    /// Output length for a spectrogram of <paramref name="frames"/> frames: 22,050 samples (0.5 s) for the chunk
    /// shape of 44 frames, hop × (frames − 1) otherwise (librosa.istft's default length).
    /// </summary>
    public static int DefaultLength(int frames) =>
        frames == AudioFrontEnd.ChunkFrames ? AudioFrontEnd.ChunkSamples : AudioFrontEnd.Hop * (frames - 1);

    /// <summary>Longest spectrogram inverted: 60 s (Griffin–Lim cost grows with length; chunks are 0.5 s).</summary>
    public const int MaxFrames = 60 * AudioFrontEnd.SampleRate / AudioFrontEnd.Hop;

    public static float[] ToWaveform(Spectrogram lms, int? length = null, Options? options = null)
    {
        options ??= new Options();
        Validate(lms);
        int frames = lms.Frames;
        if (frames < 2) throw new InvalidInputException("a log-mel spectrogram needs at least 2 frames to be turned into sound.");
        if (frames > MaxFrames) throw new InvalidInputException($"a log-mel spectrogram of {frames} frames is longer than the {MaxFrames} frames (60 s) that can be inverted.");
        int n = length ?? DefaultLength(frames);
        if (n < 0 || AudioFrontEnd.FrameCount(n) != frames)
            throw new InvalidInputException($"an output of {n} samples does not have {frames} frames of hop {AudioFrontEnd.Hop}.");
        var melPower = new float[lms.Data.Length];
        for (int i = 0; i < melPower.Length; i++) melPower[i] = (float)Math.Pow(10, lms.Data[i] / 10.0);
        var power = MelInversion.ToLinearPower(new Spectrogram(melPower, lms.Bins, frames), options.NnlsIterations);
        var magnitude = new double[power.Length];
        for (int i = 0; i < power.Length; i++) magnitude[i] = Math.Sqrt(power[i]);
        var y = GriffinLim.Reconstruct(magnitude, frames, n, options.GriffinLimIterations, options.Momentum, options.Seed);
        float peak = 0;
        foreach (var v in y) peak = Math.Max(peak, Math.Abs(v));
        if (peak > 0.999f)
        {
            float g = 0.999f / peak;
            for (int i = 0; i < y.Length; i++) y[i] *= g;
        }
        return y;
    }

    /// <summary>Refuses arrays that cannot be a 128-band log-mel spectrogram in dB.</summary>
    public static void Validate(Spectrogram lms)
    {
        if (lms.Bins != AudioFrontEnd.MelBands)
            throw new InvalidInputException($"a log-mel spectrogram has {AudioFrontEnd.MelBands} mel bands; this array has {lms.Bins} rows.");
        for (int i = 0; i < lms.Data.Length; i++)
        {
            float v = lms.Data[i];
            if (!float.IsFinite(v)) throw new InvalidInputException($"log-mel spectrogram contains NaN or infinity (at band {i / lms.Frames}, frame {i % lms.Frames}).");
            if (v > MaxPlausibleDb) throw new InvalidInputException($"log-mel value {v} dB at band {i / lms.Frames}, frame {i % lms.Frames} is not plausible (above {MaxPlausibleDb} dB); is this a dB log-mel spectrogram?");
        }
    }
}
