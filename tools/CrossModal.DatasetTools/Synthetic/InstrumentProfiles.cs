using CrossModal.Core;
using CrossModal.Domain;

namespace CrossModal.DatasetTools.Synthetic;

/// <summary>How an instrument is played, which decides what its pose parameters mean.</summary>
public enum InstrumentFamily
{
    /// <summary>pose_0 bow position (0 frog, 1 tip), pose_1 left hand along the neck, pose_2 string, pose_3 head nod.</summary>
    BowedString,
    /// <summary>pose_0 left-hand fingers closed, pose_1 right-hand fingers closed, pose_2 register, pose_3 head nod.</summary>
    Woodwind,
    /// <summary>pose_0 tubing added by valves or slide (semitones / 6), pose_1 harmonic partial, pose_2 register, pose_3 head nod.</summary>
    Brass,
}

/// <summary>
/// One General MIDI voice of an instrument: the program (0-based, as in the MIDI program-change byte,
/// checked against FluidR3_GM's preset list) and the playable range in sounding MIDI pitch.
/// </summary>
public sealed record InstrumentVoice(string Label, int GmProgram, int LowestMidi, int HighestMidi)
{
    public int Span => HighestMidi - LowestMidi;

    /// <summary>Where a pitch lies in this voice's range, 0 = lowest note, 1 = highest.</summary>
    public double Register(int midi) => Math.Clamp((midi - LowestMidi) / (double)Math.Max(1, Span), 0, 1);
}

/// <summary>
/// Everything the synthesiser needs to know about one of the 13 instruments.
/// <para><see cref="OpenStrings"/>: sounding pitches of the open strings, low to high (bowed strings).</para>
/// <para><see cref="Partials"/>: sounding pitches of the open (no valve, 1st slide position) harmonics
/// used for fingering (brass); a note is played on the nearest partial at or above it, lowered by 0–6
/// semitones of valves or slide, as a real player would.</para>
/// <para><see cref="NotesPerSecond"/>: the melody generator's typical pace (low instruments move slower).</para>
/// </summary>
public sealed record InstrumentProfile(
    string Name,
    InstrumentFamily Family,
    IReadOnlyList<InstrumentVoice> Voices,
    IReadOnlyList<int> OpenStrings,
    IReadOnlyList<int> Partials,
    double NotesPerSecond,
    bool Seated,
    bool Slide = false);

public static class InstrumentProfiles
{
    static readonly int[] None = [];

    /// <summary>The 13 profiles, in <see cref="Instruments.All"/> order.</summary>
    public static readonly IReadOnlyList<InstrumentProfile> All =
    [
        new("bassoon", InstrumentFamily.Woodwind, [new("bassoon", 70, 34, 72)], None, None, 2.2, Seated: true),
        new("cello", InstrumentFamily.BowedString, [new("cello", 42, 36, 76)], [36, 43, 50, 57], None, 2.0, Seated: true),
        new("clarinet", InstrumentFamily.Woodwind, [new("clarinet", 71, 50, 89)], None, None, 2.6, Seated: false),
        new("double_bass", InstrumentFamily.BowedString, [new("contrabass", 43, 28, 62)], [28, 33, 38, 43], None, 1.6, Seated: false),
        new("flute", InstrumentFamily.Woodwind, [new("flute", 73, 60, 93)], None, None, 2.8, Seated: false),
        new("horn", InstrumentFamily.Brass, [new("french horn", 60, 41, 77)], None, [41, 48, 53, 57, 60, 65, 67, 69, 72, 74, 76, 77], 1.8, Seated: true),
        new("oboe", InstrumentFamily.Woodwind, [new("oboe", 68, 58, 88)], None, None, 2.4, Seated: false),
        new("sax", InstrumentFamily.Woodwind, [new("alto sax", 65, 49, 80), new("tenor sax", 66, 44, 75)], None, None, 2.6, Seated: false),
        new("trombone", InstrumentFamily.Brass, [new("trombone", 57, 40, 72)], None, [46, 53, 58, 62, 65, 70, 72], 1.8, Seated: false, Slide: true),
        new("trumpet", InstrumentFamily.Brass, [new("trumpet", 56, 52, 82)], None, [58, 65, 70, 74, 77, 82], 2.4, Seated: false),
        new("tuba", InstrumentFamily.Brass, [new("tuba", 58, 28, 65)], None, [34, 41, 46, 50, 53, 58, 60, 62, 65], 1.4, Seated: true),
        new("viola", InstrumentFamily.BowedString, [new("viola", 41, 48, 81)], [48, 55, 62, 69], None, 2.2, Seated: false),
        new("violin", InstrumentFamily.BowedString, [new("violin", 40, 55, 93)], [55, 62, 69, 76], None, 2.6, Seated: false),
    ];

    public static InstrumentProfile Get(string instrument)
    {
        int i = Instruments.IndexOf(instrument);
        if (i < 0) throw new InvalidInputException($"unknown instrument '{instrument}' (known: {string.Join(", ", Instruments.All)}).");
        return All[i];
    }
}
