namespace CrossModal.DatasetTools.Synthetic;

/// <summary>
/// Turns "which note is sounding, and how long since it began" into the pose of the player, following
/// the bow through the piece (down-bow and up-bow alternate, longer and louder notes use more bow) and
/// giving each note onset a small head nod that fades.
/// </summary>
public sealed class PoseModel
{
    readonly InstrumentProfile _profile;
    readonly Melody _melody;
    readonly (float Start, float End)[] _bow;
    readonly float[] _nod;

    public PoseModel(InstrumentProfile profile, Melody melody, SeededRandom rng)
    {
        _profile = profile;
        _melody = melody;
        _bow = PlanBow(melody.Notes);
        _nod = melody.Notes.Select(n => (float)(rng.Range(0.35, 1.0) * (0.6 + 0.4 * n.Velocity / 127.0))).ToArray();
    }

    /// <summary>The pose while <paramref name="note"/> sounds, <paramref name="atSeconds"/> into the piece.</summary>
    public PoseParameters At(MelodyNote note, double atSeconds)
    {
        double elapsed = Math.Max(0, atSeconds - note.StartSeconds);
        float nod = (float)Math.Clamp(_nod[note.Index] * Math.Exp(-elapsed / 0.35), 0, 1);
        var voice = _melody.Voice;
        switch (_profile.Family)
        {
            case InstrumentFamily.BowedString:
            {
                var (s, stop) = Fingering.StringAndStop(_profile, note.Pitch);
                double frac = Math.Clamp(elapsed / Math.Max(1e-3, note.DurationSeconds), 0, 1);
                var (b0, b1) = _bow[note.Index];
                return new PoseParameters(
                    (float)(b0 + (b1 - b0) * frac),
                    (float)Math.Clamp(stop / 24.0, 0, 1),
                    (float)(s / (double)(_profile.OpenStrings.Count - 1)),
                    nod);
            }
            case InstrumentFamily.Woodwind:
            {
                var (left, right) = Fingering.WoodwindFingers(voice, note.Pitch);
                return new PoseParameters(left / 3f, right / 3f, (float)voice.Register(note.Pitch), nod);
            }
            default:
            {
                var (partial, lowering) = Fingering.BrassFingering(_profile, note.Pitch);
                return new PoseParameters(lowering / 6f, partial / (float)(_profile.Partials.Count - 1), (float)voice.Register(note.Pitch), nod);
            }
        }
    }

    /// <summary>
    /// Where the bow touches the string at the start and end of each note (0 = frog, 1 = tip).
    /// Directions alternate; after a rest of more than 0.4 s the player retakes a down-bow near the frog.
    /// </summary>
    static (float, float)[] PlanBow(IReadOnlyList<MelodyNote> notes)
    {
        var plan = new (float, float)[notes.Count];
        double pos = 0.12, dir = 1, previousEnd = double.NegativeInfinity;
        foreach (var n in notes)
        {
            if (n.StartSeconds - previousEnd > 0.4) { pos = 0.12; dir = 1; }
            double span = Math.Clamp(0.2 + 0.3 * n.DurationSeconds, 0.15, 0.8) * (0.7 + 0.5 * n.Velocity / 127.0);
            double end = Math.Clamp(pos + dir * span, 0.04, 0.96);
            plan[n.Index] = ((float)pos, (float)end);
            pos = end;
            dir = -dir;
            previousEnd = n.EndSeconds;
        }
        return plan;
    }
}
