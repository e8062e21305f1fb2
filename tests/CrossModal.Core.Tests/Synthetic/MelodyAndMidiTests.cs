using CrossModal.Core.Datasets;
using CrossModal.DatasetTools.Synthetic;
using CrossModal.Domain;

namespace CrossModal.Core.Tests.Synthetic;

public class MelodyAndMidiTests
{
    [Fact]
    public void ProfilesCoverTheThirteenInstrumentsInClassOrderWithVerifiedGmPrograms()
    {
        Assert.Equal(Instruments.All, InstrumentProfiles.All.Select(p => p.Name));
        // 0-based GM programs as in FluidR3_GM's preset list (000-040 Violin ... 000-073 Flute).
        var programs = InstrumentProfiles.All.ToDictionary(p => p.Name, p => p.Voices.Select(v => v.GmProgram).ToArray());
        Assert.Equal([70], programs["bassoon"]);
        Assert.Equal([42], programs["cello"]);
        Assert.Equal([71], programs["clarinet"]);
        Assert.Equal([43], programs["double_bass"]);
        Assert.Equal([73], programs["flute"]);
        Assert.Equal([60], programs["horn"]);
        Assert.Equal([68], programs["oboe"]);
        Assert.Equal([65, 66], programs["sax"]);
        Assert.Equal([57], programs["trombone"]);
        Assert.Equal([56], programs["trumpet"]);
        Assert.Equal([58], programs["tuba"]);
        Assert.Equal([41], programs["viola"]);
        Assert.Equal([40], programs["violin"]);
    }

    [Fact]
    public void MelodiesStayInsideTheInstrumentRangeAndCoverMuchOfIt()
    {
        foreach (var profile in InstrumentProfiles.All)
            foreach (var voice in profile.Voices)
            {
                var m = MelodyGenerator.Generate(profile, voice, 60, SeededRandom.For(7, profile.Name, voice.Label));
                Assert.All(m.Notes, n => Assert.InRange(n.Pitch, voice.LowestMidi, voice.HighestMidi));
                Assert.All(m.Notes, n => Assert.InRange(n.Velocity, 30, 127));
                Assert.True(m.EndSeconds >= 60);
                // A minute of melody wanders over most of the range (poses must span the instrument).
                int span = m.Notes.Max(n => n.Pitch) - m.Notes.Min(n => n.Pitch);
                Assert.True(span >= voice.Span * 0.6, $"{voice.Label}: span {span} of {voice.Span}");
                // Notes never overlap: the line is monophonic.
                for (int i = 1; i < m.Notes.Count; i++) Assert.True(m.Notes[i].StartSeconds >= m.Notes[i - 1].EndSeconds - 1e-9);
            }
    }

    [Fact]
    public void MelodiesAreDeterministicPerSeed()
    {
        var p = InstrumentProfiles.Get("violin");
        var a = MelodyGenerator.Generate(p, p.Voices[0], 20, SeededRandom.For(1, "x"));
        var b = MelodyGenerator.Generate(p, p.Voices[0], 20, SeededRandom.For(1, "x"));
        var c = MelodyGenerator.Generate(p, p.Voices[0], 20, SeededRandom.For(2, "x"));
        Assert.Equal(a.Notes, b.Notes);
        Assert.NotEqual(a.Notes.Select(n => n.Pitch), c.Notes.Select(n => n.Pitch));
    }

    [Fact]
    public void MidiFileHasAValidHeaderTrackAndEveryNote()
    {
        var p = InstrumentProfiles.Get("cello");
        var melody = MelodyGenerator.Generate(p, p.Voices[0], 10, SeededRandom.For(3, "midi"));
        var smf = StandardMidiWriter.Write(melody);
        Assert.Equal("MThd"u8.ToArray(), smf[..4]);
        Assert.Equal(new byte[] { 0, 0, 0, 6, 0, 0, 0, 1 }, smf[4..12]);
        Assert.Equal(MelodyGenerator.TicksPerQuarter, smf[12] << 8 | smf[13]);
        Assert.Equal("MTrk"u8.ToArray(), smf[14..18]);
        int trackLength = smf[18] << 24 | smf[19] << 16 | smf[20] << 8 | smf[21];
        Assert.Equal(smf.Length - 22, trackLength);

        // Walk the track: absolute tick of each note-on must match the melody.
        var ons = new List<(long Tick, int Pitch, int Velocity)>();
        int program = -1;
        long tick = 0;
        int i = 22;
        while (i < smf.Length)
        {
            long delta = 0;
            byte b;
            do { b = smf[i++]; delta = delta << 7 | (uint)(b & 0x7F); } while ((b & 0x80) != 0);
            tick += delta;
            byte status = smf[i++];
            if (status == 0xFF) { byte type = smf[i++]; int len = smf[i++]; i += len; if (type == 0x2F) break; }
            else if ((status & 0xF0) == 0xC0) program = smf[i++];
            else if ((status & 0xF0) == 0x90) { ons.Add((tick, smf[i], smf[i + 1])); i += 2; }
            else i += 2;
        }
        Assert.Equal(smf.Length, i);
        Assert.Equal(42, program);
        Assert.Equal(melody.Notes.Select(n => (n.StartTick, n.Pitch, n.Velocity)), ons);
    }
}
