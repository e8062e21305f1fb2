using CrossModal.Core.Audio;
using CrossModal.Domain;

namespace CrossModal.Core.Audio;

/// <summary>
/// Brings any decoded sound to what the models take: mono at 44.1 kHz, exactly one 0.5 s chunk. Longer sounds
/// keep their first 0.5 s (as a Sub-URMP chunk starts at its frame); shorter ones are zero-padded.
/// </summary>
public static class ChunkAudio
{
    /// <summary>
    /// Input samples kept past 0.5 s before resampling: the resampler's filter reaches at most about 75 input samples
    /// either side (32 zero crossings at the lowest cutoff), so the chunk is exactly what resampling the whole sound gives.
    /// </summary>
    public const int ResamplerMargin = 512;

    public static float[] ToModelChunk(AudioClip clip)
    {
        // Only the first 0.5 s is used: cut before resampling. Resampling whole made `generate s2i` take 15 s on a
        // 10-minute WAV at 8 kHz (docs/RELIABILITY.md). This is the one place a sound is cut, for the CLI and the services.
        var keep = (int)Math.Min(clip.Samples.Length, (long)Math.Ceiling(clip.SampleRate * 0.5) + ResamplerMargin);
        ReadOnlySpan<float> head = clip.Samples.AsSpan(0, keep);
        ReadOnlySpan<float> samples = clip.SampleRate == AudioFrontEnd.SampleRate
            ? head
            : Resampler.Resample(head, clip.SampleRate, AudioFrontEnd.SampleRate);
        var chunk = new float[AudioFrontEnd.ChunkSamples];
        samples[..Math.Min(samples.Length, chunk.Length)].CopyTo(chunk);
        return chunk;
    }

    /// <summary>The chunk's LMS in dB, [128 x 44] row-major.</summary>
    public static float[] Lms(ReadOnlySpan<float> chunk)
    {
        var lms = new float[AudioFrontEnd.MelBands * AudioFrontEnd.ChunkFrames];
        MelSpectrogram.Compute(chunk, lms, log: true);
        return lms;
    }

    /// <summary>Refuses sound the paper's filter would have dropped: the model has nothing to condition on.</summary>
    public static void RequireAudible(ReadOnlySpan<float> chunk, string what)
    {
        var level = Loudness.RmsDbfs(chunk);
        if (!(level > Loudness.SilenceThresholdDbfs))
            throw new InvalidInputException(
                $"{what} is silent or nearly so ({(double.IsNegativeInfinity(level) ? "-inf" : level.ToString("F1"))} dBFS; at least {Loudness.SilenceThresholdDbfs} dBFS is needed).");
    }
}
