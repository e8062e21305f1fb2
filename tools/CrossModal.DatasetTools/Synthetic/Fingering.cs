namespace CrossModal.DatasetTools.Synthetic;

/// <summary>How a player produces a pitch on each family: the physical facts the pose is drawn from.</summary>
public static class Fingering
{
    /// <summary>Bowed strings: the highest string whose open pitch is at or below the note, and semitones stopped above it.</summary>
    public static (int String, int Semitones) StringAndStop(InstrumentProfile profile, int midi)
    {
        int s = 0;
        for (int i = 0; i < profile.OpenStrings.Count; i++)
            if (profile.OpenStrings[i] <= midi) s = i;
        return (s, Math.Max(0, midi - profile.OpenStrings[s]));
    }

    /// <summary>
    /// Woodwinds (simplified, the same for all): within each octave above the lowest note, the lowest
    /// tone closes all six main tone holes and each step up lifts fingers from the bottom (right hand
    /// first, then left), as on a recorder-like fingering chart.
    /// </summary>
    public static (int LeftClosed, int RightClosed) WoodwindFingers(InstrumentVoice voice, int midi)
    {
        int step = ((midi - voice.LowestMidi) % 12 + 12) % 12;
        int closed = (int)Math.Round(6 * (11 - step) / 11.0);
        return (Math.Min(3, closed), Math.Max(0, closed - 3));
    }

    /// <summary>
    /// Brass: the nearest open harmonic at or above the note, lowered by 0–6 semitones of valves or slide
    /// (the shortest tubing that reaches it, as players prefer).
    /// </summary>
    public static (int PartialIndex, int Lowering) BrassFingering(InstrumentProfile profile, int midi)
    {
        var partials = profile.Partials;
        for (int i = 0; i < partials.Count; i++)
            if (partials[i] >= midi && partials[i] - midi <= 6) return (i, partials[i] - midi);
        return midi > partials[^1] ? (partials.Count - 1, 0) : (0, 6);
    }

    /// <summary>Which of three valves (1, 2, 3) lower the pitch by 0–6 semitones: 2 = 1, 1 = 2, 1+2 = 3, 2+3 = 4, 1+3 = 5, 1+2+3 = 6.</summary>
    public static (bool V1, bool V2, bool V3) Valves(int lowering) => lowering switch
    {
        0 => (false, false, false),
        1 => (false, true, false),
        2 => (true, false, false),
        3 => (true, true, false),
        4 => (false, true, true),
        5 => (true, false, true),
        _ => (true, true, true),
    };
}
