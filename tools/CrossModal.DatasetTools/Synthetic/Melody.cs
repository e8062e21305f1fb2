namespace CrossModal.DatasetTools.Synthetic;

/// <summary>One note of a melody, in MIDI ticks and in seconds (the tempo is constant within a piece).</summary>
public sealed record MelodyNote(int Index, long StartTick, long DurationTicks, int Pitch, int Velocity, double StartSeconds, double DurationSeconds)
{
    public double EndSeconds => StartSeconds + DurationSeconds;
}

/// <summary>
/// A generated piece: one monophonic line for one GM program at a constant tempo.
/// <see cref="ReverbSend"/> is the MIDI reverb send (CC 91), varied per piece like different rooms.
/// </summary>
public sealed record Melody(
    InstrumentVoice Voice,
    int TicksPerQuarter,
    int MicrosecondsPerQuarter,
    int ReverbSend,
    IReadOnlyList<MelodyNote> Notes,
    double EndSeconds)
{
    public double SecondsPerTick => MicrosecondsPerQuarter / 1e6 / TicksPerQuarter;
}
