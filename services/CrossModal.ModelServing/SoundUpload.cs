using CrossModal.Core;
using CrossModal.Core.Audio;
using CrossModal.Core.Imaging;

namespace CrossModal.ModelServing;

/// <summary>An uploaded WAV as the models use it: only its first 0.5 s.</summary>
public static class SoundUpload
{
    /// <summary>
    /// The services' upload limit, the same as for images (<see cref="ImageLimits.DefaultMaxBytes"/>, 20 MiB): WavCodec
    /// alone would take up to 10 minutes at 48 kHz, and a client may send up to the 32 MB message limit, so without
    /// this a 25 MB sound that the CLI's remote mode refuses locally was accepted when sent by another client.
    /// </summary>
    public const long MaxBytes = ImageLimits.DefaultMaxBytes;

    /// <summary>
    /// Decodes (strictly) and keeps the first 0.5 s, cut before resampling (a 15 MB file would otherwise be resampled
    /// whole); a few hundred extra samples keep the resampler's filter fed at the cut.
    /// </summary>
    public static AudioClip FirstHalfSecond(byte[] wav)
    {
        if (wav.LongLength > MaxBytes)
            throw new InvalidInputException($"the WAV is too large: {wav.LongLength / 1048576.0:0.0} MiB; the limit is {MaxBytes / 1048576.0:0.0} MiB.");
        var clip = WavCodec.Read(wav);
        if (clip.Samples.Length == 0) throw new InvalidInputException("the WAV holds no samples.");
        var keep = (int)Math.Min(clip.Samples.Length, (long)Math.Ceiling(clip.SampleRate * 0.5) + 512);
        return keep == clip.Samples.Length ? clip : clip with { Samples = clip.Samples[..keep] };
    }
}
