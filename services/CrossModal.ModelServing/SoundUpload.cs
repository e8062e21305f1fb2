using CrossModal.Core;
using CrossModal.Core.Audio;
using CrossModal.Core.Imaging;

namespace CrossModal.ModelServing;

/// <summary>An uploaded WAV, decoded within the services' upload limit (core's <see cref="ChunkAudio"/> then keeps its first 0.5 s).</summary>
public static class SoundUpload
{
    /// <summary>
    /// The services' upload limit, the same as for images (<see cref="ImageLimits.DefaultMaxBytes"/>, 20 MiB): WavCodec
    /// alone would take up to 10 minutes at 48 kHz, and a client may send up to the 32 MB message limit, so without
    /// this a 25 MB sound that the CLI's remote mode refuses locally was accepted when sent by another client.
    /// </summary>
    public const long MaxBytes = ImageLimits.DefaultMaxBytes;

    /// <summary>Decodes (strictly) a WAV no larger than <see cref="MaxBytes"/> that holds samples.</summary>
    public static AudioClip Decode(byte[] wav)
    {
        if (wav.LongLength > MaxBytes)
            throw new InvalidInputException($"the WAV is too large: {wav.LongLength / 1048576.0:0.0} MiB; the limit is {MaxBytes / 1048576.0:0.0} MiB.");
        var clip = WavCodec.Read(wav);
        if (clip.Samples.Length == 0) throw new InvalidInputException("the WAV holds no samples.");
        return clip;
    }
}
