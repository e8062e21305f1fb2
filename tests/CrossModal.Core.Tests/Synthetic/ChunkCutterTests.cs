using CrossModal.Core.Audio;
using CrossModal.DatasetTools.Synthetic;

namespace CrossModal.Core.Tests.Synthetic;

public class ChunkCutterTests
{
    static Melody OneVoice(params MelodyNote[] notes) =>
        new(InstrumentProfiles.Get("flute").Voices[0], 480, 500_000, 30, notes, notes.Max(n => n.EndSeconds));

    [Fact]
    public void DropsSilentChunksKeepsLoudOnesAndNamesTheDominantNote()
    {
        // 2 s: a tone for 0–0.6 s, silence 0.6–1.5 s, a quieter tone 1.5–2 s.
        var samples = new float[44_100 * 2];
        for (int i = 0; i < samples.Length; i++)
        {
            double t = i / 44_100.0;
            if (t < 0.6) samples[i] = (float)(0.3 * Math.Sin(2 * Math.PI * 440 * t));
            else if (t >= 1.5) samples[i] = (float)(0.05 * Math.Sin(2 * Math.PI * 660 * t));
        }
        var melody = OneVoice(new MelodyNote(0, 0, 0, 69, 90, 0.0, 0.6), new MelodyNote(1, 0, 0, 76, 60, 1.5, 0.5));
        var chunks = ChunkCutter.Cut(samples, melody, wanted: 10);
        Assert.Equal(new[] { 0, 500, 1500 }, chunks.Select(c => c.StartMs));
        Assert.All(chunks, c => Assert.Equal(ChunkCutter.ChunkSamples, c.Samples.Length));
        Assert.All(chunks, c => Assert.True(c.Dbfs > Loudness.SilenceThresholdDbfs));
        Assert.Equal(69, chunks[0].Note.Pitch);
        Assert.Equal(69, chunks[1].Note.Pitch); // 0.5–1.0 s: only the first note's tail sounds
        Assert.Equal(76, chunks[2].Note.Pitch);
        Assert.Single(ChunkCutter.Cut(samples, melody, wanted: 1));
    }

    [Fact]
    public void DominantNoteIsTheLongestInsideTheChunk()
    {
        var notes = new[] { new MelodyNote(0, 0, 0, 60, 90, 0.0, 0.1), new MelodyNote(1, 0, 0, 62, 90, 0.1, 0.35), new MelodyNote(2, 0, 0, 64, 90, 0.45, 0.5) };
        var (note, at) = ChunkCutter.Dominant(notes, 0, 0.5);
        Assert.Equal(62, note.Pitch);
        Assert.Equal(0.1, at, 6);
    }

    [Fact]
    public void PeakNormalisationSetsTheLevel()
    {
        var s = new float[] { 0.1f, -0.2f, 0.05f };
        ChunkCutter.NormalisePeak(s, -6);
        Assert.Equal(Math.Pow(10, -6 / 20.0), s.Max(Math.Abs), 5);
    }
}
