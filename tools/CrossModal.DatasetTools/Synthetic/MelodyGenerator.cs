namespace CrossModal.DatasetTools.Synthetic;

/// <summary>
/// Writes melodies as a player might improvise an étude: a random walk over a major or minor scale that
/// wanders across the instrument's whole range (so every register, string and fingering is heard),
/// in phrases separated by breaths, with varied rhythm, articulation (legato, détaché, staccato,
/// accented) and dynamics (a level per phrase, hairpins, per-note variation).
/// </summary>
public static class MelodyGenerator
{
    public const int TicksPerQuarter = 480;

    static readonly double[] BeatValues = [0.25, 0.5, 0.75, 1, 1.5, 2, 3];
    static readonly int[] Major = [0, 2, 4, 5, 7, 9, 11], Minor = [0, 2, 3, 5, 7, 8, 10], HarmonicMinor = [0, 2, 3, 5, 7, 8, 11];

    /// <summary>Fraction of the written length that sounds, per articulation.</summary>
    static readonly double[] ArticulationLength = [0.98, 0.86, 0.45, 0.7];
    static readonly double[] ArticulationWeight = [0.35, 0.35, 0.15, 0.15];

    public static Melody Generate(InstrumentProfile profile, InstrumentVoice voice, double minSeconds, SeededRandom rng)
    {
        double bpm = rng.Range(66, 126);
        int usPerQuarter = (int)Math.Round(60_000_000 / bpm);
        double secondsPerTick = usPerQuarter / 1e6 / TicksPerQuarter;
        double beatSeconds = usPerQuarter / 1e6;

        // Scale tones inside the range: the walk moves by scale steps, like tonal music does.
        int tonic = rng.Next(0, 12);
        var scale = rng.PickWeighted([0.5, 0.3, 0.2]) switch { 0 => Major, 1 => Minor, _ => HarmonicMinor };
        var pitches = new List<int>();
        for (int p = voice.LowestMidi; p <= voice.HighestMidi; p++)
            if (Array.IndexOf(scale, ((p - tonic) % 12 + 12) % 12) >= 0) pitches.Add(p);

        // Rhythm values weighted towards the instrument's typical pace (log-distance from it).
        double typicalBeats = 1.0 / (profile.NotesPerSecond * rng.Range(0.7, 1.3)) / beatSeconds;
        var rhythmWeights = BeatValues.Select(b => Math.Exp(-Math.Pow(Math.Log2(b / typicalBeats), 2) / 0.9)).ToArray();

        var notes = new List<MelodyNote>();
        long tick = (long)(rng.Range(0.0, 0.5) * TicksPerQuarter); // a short lead-in, different per piece
        int at = rng.Next(0, pitches.Count);
        int target = rng.Next(0, pitches.Count);
        while (tick * secondsPerTick < minSeconds)
        {
            int phraseLength = rng.Next(5, 15);
            int articulation = rng.PickWeighted(ArticulationWeight);
            double level = rng.Range(45, 112);
            double hairpin = rng.Range(-22, 22);
            // Each phrase heads somewhere new in the range, so the whole range gets covered over a piece.
            if (rng.Chance(0.7)) target = rng.Next(0, pitches.Count);
            for (int i = 0; i < phraseLength && tick * secondsPerTick < minSeconds; i++)
            {
                at = Step(at, target, pitches.Count, rng);
                double beats = BeatValues[rng.PickWeighted(rhythmWeights)];
                long slot = (long)Math.Round(beats * TicksPerQuarter);
                double lengthFraction = ArticulationLength[articulation] * rng.Range(0.95, 1.0);
                long sounding = Math.Max((long)Math.Round(slot * lengthFraction), (long)Math.Ceiling(0.09 / secondsPerTick));
                double progress = phraseLength > 1 ? i / (double)(phraseLength - 1) : 0;
                double velocity = level + hairpin * (progress - 0.5) + rng.Gaussian(0, 4);
                if (articulation == 3 || (i == 0 && rng.Chance(0.5))) velocity += 12; // accents
                int vel = Math.Clamp((int)Math.Round(velocity), 30, 127);
                notes.Add(new MelodyNote(notes.Count, tick, sounding, pitches[at], vel, tick * secondsPerTick, sounding * secondsPerTick));
                tick += slot;
                // An occasional short rest inside the phrase.
                if (rng.Chance(0.05)) tick += TicksPerQuarter / 2;
            }
            // A breath between phrases (winds must breathe; strings lift the bow).
            if (rng.Chance(0.8)) tick += (long)Math.Round(rng.Range(0.5, 1.5) * TicksPerQuarter);
        }
        return new Melody(voice, TicksPerQuarter, usPerQuarter, rng.Next(15, 70), notes, tick * secondsPerTick);
    }

    static int Step(int at, int target, int count, SeededRandom rng)
    {
        int size = rng.PickWeighted([0.08, 0.55, 0.2, 0.1, 0.04, 0.03]) switch
        {
            0 => 0, 1 => 1, 2 => 2, 3 => rng.Next(3, 5), 4 => 7, _ => rng.Next(5, 7),
        };
        // Lean towards the phrase's goal, but still wander.
        int dir = target > at ? (rng.Chance(0.75) ? 1 : -1) : target < at ? (rng.Chance(0.75) ? -1 : 1) : (rng.Chance(0.5) ? 1 : -1);
        int next = at + dir * size;
        if (next < 0) next = -next;
        if (next >= count) next = 2 * (count - 1) - next;
        return Math.Clamp(next, 0, count - 1);
    }
}
