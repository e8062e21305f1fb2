using CrossModal.Core.Audio;

namespace CrossModal.Core.Pipelines;

/// <summary>
/// Brings any decoded sound to what the models take: mono at 44.1 kHz, exactly one 0.5 s chunk. Longer sounds
/// keep their first 0.5 s (as a Sub-URMP chunk starts at its frame); shorter ones are zero-padded.
/// </summary>
public static class ChunkAudio
{
    public static float[] ToModelChunk(AudioClip clip)
    {
        var samples = clip.SampleRate == AudioFrontEnd.SampleRate
            ? clip.Samples
            : Resampler.Resample(clip.Samples, clip.SampleRate, AudioFrontEnd.SampleRate);
        var chunk = new float[AudioFrontEnd.ChunkSamples];
        samples.AsSpan(0, Math.Min(samples.Length, chunk.Length)).CopyTo(chunk);
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
