using CrossModal.Core.Audio;
using CrossModal.Core.Datasets;

namespace CrossModal.DatasetTools.Synthetic;

/// <summary>One kept 0.5 s chunk of a rendered piece, with the note that dominates it.</summary>
public sealed record AudioChunk(int StartMs, float[] Samples, double Dbfs, MelodyNote Note, double PoseSeconds);

/// <summary>
/// Cuts a rendered piece into 0.5 s chunks on a fixed grid from the piece's start (as Sub-URMP does),
/// drops chunks at or below −45 dBFS (the paper's filter, <see cref="Loudness.IsAudible"/>), and names
/// the note that sounds longest inside each kept chunk: its pitch drives the pose in the image.
/// </summary>
public static class ChunkCutter
{
    public const int ChunkSamples = FluidSynthRenderer.SampleRate / 2; // 22,050
    public const int ChunkMs = 500;

    public static List<AudioChunk> Cut(float[] samples, Melody melody, int wanted)
    {
        var kept = new List<AudioChunk>(wanted);
        for (int k = 0; (k + 1) * ChunkSamples <= samples.Length && kept.Count < wanted; k++)
        {
            var chunk = samples.AsSpan(k * ChunkSamples, ChunkSamples);
            // Judge loudness on the samples a reader will get back from the 16-bit file, so that every
            // stored chunk is above the threshold exactly as WavCodec reads it.
            var stored = AsReadBack(chunk);
            if (!Loudness.IsAudible(stored)) continue;
            double t0 = k * 0.5, t1 = t0 + 0.5;
            var (note, poseAt) = Dominant(melody.Notes, t0, t1);
            kept.Add(new AudioChunk(k * ChunkMs, chunk.ToArray(), Loudness.RmsDbfs(stored), note, poseAt));
        }
        return kept;
    }

    /// <summary>
    /// The note with the longest overlap with [t0, t1), and the moment it is first heard in the chunk.
    /// A chunk inside a rest (audible only through the release and reverb) takes the last note before it.
    /// </summary>
    internal static (MelodyNote Note, double PoseSeconds) Dominant(IReadOnlyList<MelodyNote> notes, double t0, double t1)
    {
        MelodyNote? best = null, before = null;
        double bestOverlap = 0;
        foreach (var n in notes)
        {
            if (n.StartSeconds >= t1) break;
            before = n;
            double overlap = Math.Min(t1, n.EndSeconds) - Math.Max(t0, n.StartSeconds);
            if (overlap > bestOverlap) { bestOverlap = overlap; best = n; }
        }
        if (best is not null) return (best, Math.Max(t0, best.StartSeconds));
        var fallback = before ?? notes[0];
        return (fallback, t0);
    }

    /// <summary>The samples as <see cref="WavCodec.Write16"/> stores them and <see cref="WavCodec.Read(ReadOnlySpan{byte}, long)"/> returns them.</summary>
    static float[] AsReadBack(ReadOnlySpan<float> samples)
    {
        var r = new float[samples.Length];
        for (int i = 0; i < r.Length; i++)
            r[i] = (float)((short)Math.Round(Math.Clamp(samples[i], -1f, 1f) * 32767f) / 32768.0);
        return r;
    }

    /// <summary>Scales the piece so its peak sits at <paramref name="peakDbfs"/>, like a recording engineer setting a level.</summary>
    public static void NormalisePeak(float[] samples, double peakDbfs)
    {
        float peak = 0;
        foreach (var s in samples) peak = Math.Max(peak, Math.Abs(s));
        if (peak <= 0) return;
        float gain = (float)(Math.Pow(10, peakDbfs / 20) / peak);
        for (int i = 0; i < samples.Length; i++) samples[i] *= gain;
    }
}
