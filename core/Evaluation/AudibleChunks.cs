using CrossModal.Core.Audio;
using CrossModal.Domain;

namespace CrossModal.Core.Evaluation;

/// <summary>Cuts a recording into the 0.5 s chunks the sound models take.</summary>
public static class AudibleChunks
{
    /// <summary>
    /// Every audible (RMS above <see cref="Loudness.SilenceThresholdDbfs"/>) non-overlapping 0.5 s chunk of the clip at
    /// 44.1 kHz, in order, at most <paramref name="max"/> (0: all). A clip shorter than 0.5 s is one zero-padded chunk
    /// (as <see cref="ChunkAudio.ToModelChunk"/> pads); a trailing part shorter than 0.5 s is dropped.
    /// </summary>
    public static List<float[]> Of(AudioClip clip, int max = 0)
    {
        var chunks = new List<float[]>();
        var samples = clip.SampleRate == AudioFrontEnd.SampleRate
            ? clip.Samples
            : Resampler.Resample(clip.Samples, clip.SampleRate, AudioFrontEnd.SampleRate);
        if (samples.Length < AudioFrontEnd.ChunkSamples)
        {
            var padded = ChunkAudio.ToModelChunk(new AudioClip(samples, AudioFrontEnd.SampleRate));
            if (Loudness.IsAudible(padded)) chunks.Add(padded);
            return chunks;
        }
        for (var start = 0; start + AudioFrontEnd.ChunkSamples <= samples.Length; start += AudioFrontEnd.ChunkSamples)
        {
            var chunk = samples.AsSpan(start, AudioFrontEnd.ChunkSamples);
            if (!Loudness.IsAudible(chunk)) continue;
            chunks.Add(chunk.ToArray());
            if (max > 0 && chunks.Count == max) break;
        }
        return chunks;
    }
}
