using CrossModal.DatasetTools.Synthetic;

namespace CrossModal.Core.Tests.Synthetic;

public class FingeringAndPoseTests
{
    [Theory]
    [InlineData(58, 0)] // Bb3: first position
    [InlineData(53, 0)] // F3: first position
    [InlineData(52, 1)] // E3: second position
    [InlineData(45, 1)] // A2: second position
    [InlineData(40, 6)] // E2: seventh position
    [InlineData(64, 1)] // E4: second position (on the D4... F4 partial)
    public void TromboneSlidePositionsAreTheRealOnes(int midi, int lowering)
    {
        Assert.Equal(lowering, Fingering.BrassFingering(InstrumentProfiles.Get("trombone"), midi).Lowering);
    }

    [Theory]
    [InlineData(58, false, false, false)] // sounding Bb3 = written C4: open
    [InlineData(57, false, true, false)]  // written B3: valve 2
    [InlineData(56, true, false, false)]  // written Bb3: valve 1
    [InlineData(52, true, true, true)]    // written F#3: 1+2+3, the trumpet's lowest note
    public void TrumpetValvesAreTheRealOnes(int midi, bool v1, bool v2, bool v3)
    {
        var (_, lowering) = Fingering.BrassFingering(InstrumentProfiles.Get("trumpet"), midi);
        Assert.Equal((v1, v2, v3), Fingering.Valves(lowering));
    }

    [Theory]
    [InlineData("violin", 55, 0, 0)]
    [InlineData("violin", 69, 2, 0)]
    [InlineData("violin", 81, 3, 5)]
    [InlineData("cello", 40, 0, 4)]
    [InlineData("double_bass", 28, 0, 0)]
    public void StringsPlayOnTheHighestStringBelowTheNote(string instrument, int midi, int stringIndex, int stop)
    {
        Assert.Equal((stringIndex, stop), Fingering.StringAndStop(InstrumentProfiles.Get(instrument), midi));
    }

    [Fact]
    public void WoodwindLowestNoteClosesAllHolesAndHigherNotesLiftFingers()
    {
        var flute = InstrumentProfiles.Get("flute").Voices[0];
        Assert.Equal((3, 3), Fingering.WoodwindFingers(flute, flute.LowestMidi));
        Assert.Equal((0, 0), Fingering.WoodwindFingers(flute, flute.LowestMidi + 11));
        var closed = Enumerable.Range(0, 12).Select(s => Fingering.WoodwindFingers(flute, flute.LowestMidi + s)).Select(f => f.LeftClosed + f.RightClosed).ToList();
        Assert.Equal(closed.OrderByDescending(c => c), closed);
    }

    [Fact]
    public void BowAlternatesDirectionAndNodFadesAfterTheOnset()
    {
        var profile = InstrumentProfiles.Get("cello");
        var voice = profile.Voices[0];
        MelodyNote N(int i, double start) => new(i, 0, 0, 48, 100, start, 0.5);
        var melody = new Melody(voice, 480, 500_000, 30, [N(0, 0), N(1, 0.5), N(2, 1.0)], 1.5);
        var model = new PoseModel(profile, melody, SeededRandom.For(1, "pose"));
        float Delta(MelodyNote n) => model.At(n, n.StartSeconds + 0.45).Pose0 - model.At(n, n.StartSeconds).Pose0;
        Assert.True(Delta(melody.Notes[0]) > 0.05f);  // down-bow: towards the tip
        Assert.True(Delta(melody.Notes[1]) < -0.05f); // up-bow
        Assert.True(Delta(melody.Notes[2]) > 0.05f);
        var n0 = melody.Notes[0];
        Assert.True(model.At(n0, 0).Pose3 > model.At(n0, 0.4).Pose3 * 2);
        for (double t = 0; t < 0.5; t += 0.05)
        {
            var p = model.At(n0, t);
            for (int k = 0; k < 4; k++) Assert.InRange(p[k], 0f, 1f);
        }
    }
}
