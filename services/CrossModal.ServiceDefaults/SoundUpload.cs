using CrossModal.Core;
using CrossModal.Core.Audio;

namespace CrossModal.ServiceDefaults;

/// <summary>An uploaded WAV as the models use it: only its first 0.5 s.</summary>
public static class SoundUpload
{
    /// <summary>
    /// Decodes (strictly) and keeps the first 0.5 s, cut before resampling (a 15 MB file would otherwise be resampled
    /// whole); a few hundred extra samples keep the resampler's filter fed at the cut.
    /// </summary>
    public static AudioClip FirstHalfSecond(byte[] wav)
    {
        var clip = WavCodec.Read(wav);
        if (clip.Samples.Length == 0) throw new InvalidInputException("the WAV holds no samples.");
        var keep = (int)Math.Min(clip.Samples.Length, (long)Math.Ceiling(clip.SampleRate * 0.5) + 512);
        return keep == clip.Samples.Length ? clip : clip with { Samples = clip.Samples[..keep] };
    }
}
