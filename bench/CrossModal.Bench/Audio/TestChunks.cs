using CrossModal.Core.Audio;
using CrossModal.Domain;

namespace CrossModal.Bench.Audio;

/// <summary>
/// Deterministic 0.5 s test chunks at 44.1 kHz: a harmonic tone (random pitch, decaying harmonics, slight vibrato)
/// with an attack envelope and a little noise — spectrally like an instrument note, so LMS and encoders see
/// ordinary input. Seeded, so every run times the same work.
/// </summary>
public static class TestChunks
{
    public static float[][] Make(int count, int seed = 1)
    {
        var rng = new Random(seed);
        var chunks = new float[count][];
        for (var i = 0; i < count; i++)
        {
            var f0 = 110 * Math.Pow(2, rng.NextDouble() * 3);
            var chunk = new float[AudioFrontEnd.ChunkSamples];
            for (var n = 0; n < chunk.Length; n++)
            {
                var t = n / (double)AudioFrontEnd.SampleRate;
                var phase = 2 * Math.PI * f0 * (t + 0.002 * Math.Sin(2 * Math.PI * 5 * t));
                double s = 0;
                for (var h = 1; h <= 8; h++) s += Math.Sin(h * phase) / h;
                chunk[n] = (float)(0.25 * Math.Min(1, t / 0.02) * s + 0.003 * (rng.NextDouble() - 0.5));
            }
            chunks[i] = chunk;
        }
        return chunks;
    }

    /// <summary>One chunk as a 16-bit WAV file's bytes (what a client uploads).</summary>
    public static byte[] Wav(float[] chunk)
    {
        using var stream = new MemoryStream();
        WavCodec.Write16(stream, chunk, AudioFrontEnd.SampleRate);
        return stream.ToArray();
    }
}
