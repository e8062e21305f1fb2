namespace CrossModal.DatasetTools.Synthetic;

/// <summary>
/// A tiny Standard MIDI File writer (format 0, one track, one channel) for a monophonic melody:
/// tempo, program change, volume/pan/reverb/chorus controllers, then note on/off pairs.
/// </summary>
public static class StandardMidiWriter
{
    const int Channel = 0;

    public static byte[] Write(Melody melody)
    {
        // (tick, order, bytes): note-offs sort before note-ons at the same tick so repeated pitches re-attack.
        var events = new List<(long Tick, int Order, byte[] Data)>
        {
            (0, 0, [0xFF, 0x51, 0x03, (byte)(melody.MicrosecondsPerQuarter >> 16), (byte)(melody.MicrosecondsPerQuarter >> 8), (byte)melody.MicrosecondsPerQuarter]),
            (0, 1, [(byte)(0xC0 | Channel), (byte)melody.Voice.GmProgram]),
            (0, 2, [(byte)(0xB0 | Channel), 7, 100]),   // channel volume
            (0, 2, [(byte)(0xB0 | Channel), 10, 64]),   // pan centre
            (0, 2, [(byte)(0xB0 | Channel), 91, (byte)melody.ReverbSend]),
            (0, 2, [(byte)(0xB0 | Channel), 93, 0]),    // no chorus: it smears pitch and is not a property of the instrument
        };
        foreach (var n in melody.Notes)
        {
            events.Add((n.StartTick, 4, [(byte)(0x90 | Channel), (byte)n.Pitch, (byte)n.Velocity]));
            events.Add((n.StartTick + n.DurationTicks, 3, [(byte)(0x80 | Channel), (byte)n.Pitch, 0]));
        }
        // End of track after the last sound plus room for the release and reverb tail.
        long lastTick = events.Max(e => e.Tick);
        long end = Math.Max(lastTick, (long)Math.Ceiling(melody.EndSeconds / melody.SecondsPerTick)) + 2 * melody.TicksPerQuarter;
        events.Add((end, 9, [0xFF, 0x2F, 0x00]));

        var track = new MemoryStream();
        long previous = 0;
        foreach (var e in events.OrderBy(e => e.Tick).ThenBy(e => e.Order))
        {
            WriteVariableLength(track, e.Tick - previous);
            track.Write(e.Data);
            previous = e.Tick;
        }

        var file = new MemoryStream();
        file.Write("MThd"u8);
        WriteBigEndian(file, 6, 4);
        WriteBigEndian(file, 0, 2); // format 0
        WriteBigEndian(file, 1, 2); // one track
        WriteBigEndian(file, melody.TicksPerQuarter, 2);
        file.Write("MTrk"u8);
        WriteBigEndian(file, track.Length, 4);
        track.Position = 0;
        track.CopyTo(file);
        return file.ToArray();
    }

    static void WriteVariableLength(Stream s, long value)
    {
        if (value < 0 || value > 0x0FFFFFFF) throw new ArgumentOutOfRangeException(nameof(value), "MIDI delta time out of range.");
        Span<byte> buf = stackalloc byte[4];
        int n = 0;
        buf[n++] = (byte)(value & 0x7F);
        while ((value >>= 7) > 0) buf[n++] = (byte)(0x80 | (value & 0x7F));
        for (int i = n - 1; i >= 0; i--) s.WriteByte(buf[i]);
    }

    static void WriteBigEndian(Stream s, long value, int bytes)
    {
        for (int i = bytes - 1; i >= 0; i--) s.WriteByte((byte)(value >> (8 * i)));
    }
}
