using CrossModal.Domain;
using CrossModal.Protos.V1;

namespace CrossModal.Web.Services;

/// <summary>The little arithmetic the page needs on spectrograms (row-major: values[bin * frames + frame]).</summary>
public static class SpectrogramMath
{
    /// <summary>Checks the shape a service sent, so a malformed answer fails here with a clear message, not in a drawing loop.</summary>
    public static void CheckShape(Spectrogram s)
    {
        if (s.Bins < 1 || s.Frames < 1 || s.Values.Count != (long)s.Bins * s.Frames)
            throw new ArgumentException($"malformed spectrogram: {s.Bins} x {s.Frames} with {s.Values.Count} values");
    }

    /// <summary>
    /// Linear interpolation along time to <paramref name="frames"/> frames (<see cref="LmsFrames.Resize"/>: the I2S
    /// generator's 34 frames to the 44 the encoder's RenderAudio takes).
    /// </summary>
    public static Spectrogram ResizeFrames(Spectrogram s, int frames)
    {
        CheckShape(s);
        if (s.Frames == frames) return s;
        var result = new Spectrogram { Bins = s.Bins, Frames = frames };
        result.Values.AddRange(LmsFrames.Resize(s.Values.ToArray(), s.Bins, s.Frames, frames));
        return result;
    }

    /// <summary>Root-mean-square difference in dB of two spectrograms of the same shape.</summary>
    public static double RmsDistance(Spectrogram a, Spectrogram b)
    {
        CheckShape(a);
        CheckShape(b);
        if (a.Bins != b.Bins || a.Frames != b.Frames) throw new ArgumentException($"shapes differ: {a.Bins} x {a.Frames} and {b.Bins} x {b.Frames}");
        double sum = 0;
        for (int i = 0; i < a.Values.Count; i++)
        {
            double d = a.Values[i] - b.Values[i];
            sum += d * d;
        }
        return Math.Sqrt(sum / a.Values.Count);
    }

    /// <summary>The largest finite value (dB), or null when there is none.</summary>
    public static float? Max(Spectrogram s)
    {
        float? max = null;
        foreach (var v in s.Values)
            if (float.IsFinite(v) && (max is null || v > max)) max = v;
        return max;
    }
}
