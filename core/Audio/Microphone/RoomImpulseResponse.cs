namespace CrossModal.Core.Audio.Microphone;

/// <summary>One discrete early reflection (a wall, the floor, the desk): its delay after the direct sound and its signed gain.</summary>
public readonly record struct Reflection(double DelaySeconds, double Gain);

/// <summary>
/// A room as a microphone hears it: the direct sound, a few early reflections, then a diffuse late tail that falls
/// 60 dB in <paramref name="Rt60Seconds"/> and carries 1/10^(DRR/10) of the direct-plus-early energy.
/// </summary>
public sealed record RoomSettings(double Rt60Seconds, IReadOnlyList<Reflection> EarlyReflections, double DirectToReverberantDb, ulong Seed)
{
    // Value equality over the reflections too (a record compares a list by reference), so equal draws compare equal.
    public bool Equals(RoomSettings? other) =>
        other is not null && Rt60Seconds == other.Rt60Seconds && DirectToReverberantDb == other.DirectToReverberantDb
        && Seed == other.Seed && EarlyReflections.SequenceEqual(other.EarlyReflections);

    public override int GetHashCode() => HashCode.Combine(Rt60Seconds, DirectToReverberantDb, Seed, EarlyReflections.Count);
}

/// <summary>
/// Synthesised room impulse responses (the image-source picture simplified): a unit direct impulse at t = 0, each
/// early reflection as one tap at its delay, and from the mixing time (1 ms after the last reflection) the
/// exponentially decaying two-band noise of <see cref="SyntheticReverb.ImpulseResponse"/>. Deterministic per seed.
/// </summary>
public static class RoomImpulseResponse
{
    /// <summary>Taps the response has when kept to at most <paramref name="maxLength"/> samples.</summary>
    public static int Length(int sampleRate, RoomSettings room, int maxLength)
    {
        Check(sampleRate, room);
        return Math.Min(maxLength, MixingSample(sampleRate, room) + (int)Math.Ceiling(room.Rt60Seconds * sampleRate));
    }

    public static void Synthesise(Span<double> h, int sampleRate, RoomSettings room)
    {
        Check(sampleRate, room);
        h.Clear();
        if (h.IsEmpty) return;
        h[0] = 1;
        double early = 1;
        foreach (var r in room.EarlyReflections)
        {
            var at = (int)Math.Round(r.DelaySeconds * sampleRate);
            if (at < h.Length) h[at] += r.Gain;
            early += r.Gain * r.Gain;
        }
        var mixing = MixingSample(sampleRate, room);
        if (mixing >= h.Length) return;
        // The tail is generated at its full RT60 length (unit energy) and then cut, so that a short window keeps the
        // decay's shape and level rather than being renormalised to a louder tail.
        var tail = new double[(int)Math.Ceiling(room.Rt60Seconds * sampleRate)];
        SyntheticReverb.ImpulseResponse(tail, sampleRate, room.Rt60Seconds, room.Seed);
        var scale = Math.Sqrt(early / Math.Pow(10, room.DirectToReverberantDb / 10));
        for (var i = 0; i < tail.Length && mixing + i < h.Length; i++) h[mixing + i] += scale * tail[i];
    }

    /// <summary>Convolves the chunk with the room (kept to the chunk's length), in place.</summary>
    public static void Apply(Span<float> x, int sampleRate, RoomSettings room)
    {
        if (x.IsEmpty) return;
        var h = new double[Length(sampleRate, room, x.Length)];
        Synthesise(h, sampleRate, room);
        var y = new double[x.Length];
        FftConvolution.Apply(x, h, y);
        for (var i = 0; i < x.Length; i++) x[i] = (float)y[i];
    }

    private static int MixingSample(int sampleRate, RoomSettings room) =>
        (int)Math.Round(((room.EarlyReflections.Count == 0 ? 0 : room.EarlyReflections.Max(r => r.DelaySeconds)) + 0.001) * sampleRate);

    private static void Check(int sampleRate, RoomSettings room)
    {
        if (sampleRate <= 0) throw new InvalidInputException($"sample rate must be positive, got {sampleRate}");
        if (!(room.Rt60Seconds > 0) || room.Rt60Seconds > 10) throw new InvalidInputException($"RT60 must be in (0, 10] seconds, got {room.Rt60Seconds}");
        if (!double.IsFinite(room.DirectToReverberantDb)) throw new InvalidInputException($"direct-to-reverberant ratio must be finite, got {room.DirectToReverberantDb}");
        foreach (var r in room.EarlyReflections)
            if (!(r.DelaySeconds > 0 && r.DelaySeconds <= 0.2) || !double.IsFinite(r.Gain) || Math.Abs(r.Gain) > 1)
                throw new InvalidInputException($"an early reflection must come 0–200 ms after the direct sound with |gain| ≤ 1, got {r.DelaySeconds} s, {r.Gain}");
    }
}
