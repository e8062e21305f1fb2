namespace CrossModal.Core.Audio.Microphone;

/// <summary>
/// A simulated microphone recording of a chunk: what a phone or laptop does to music played from a speaker in a room.
/// <see cref="Draw"/> picks the stages and their parameters from a <see cref="Random"/> (the same state gives the same
/// chain, and the draw always takes the same number of values, so one stage's probability does not reshuffle the
/// others); <see cref="Apply"/> runs them on a copy of the chunk, in physical order:
/// speaker EQ → room (direct sound, early reflections, decaying tail) → microphone EQ → background noise → band limit
/// → level (peak set, clipped above full scale) → lossy codec (Opus or MP3, a phone encoding what it recorded; clipped
/// again, as its decoder's 16-bit output would be). Core starts no processes, so the codec stage is run by the
/// <see cref="ILossyCodec"/> given to <see cref="Apply"/> (ffmpeg's: <c>CrossModal.DatasetTools.Codecs.FfmpegLossyCodec</c>).
/// </summary>
public static class MicrophoneChain
{
    public static MicrophoneChainSettings Draw(int sampleRate, Random rng, MicrophoneChainRanges ranges)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ranges.Validate();
        var guard = 0.45 * sampleRate; // keep filter frequencies clear of Nyquist at low sample rates

        var speaker = rng.Chance(ranges.SpeakerProbability);
        var speakerSettings = new SpeakerSettings(
            Math.Min(guard, rng.LogUniform(ranges.MinSpeakerHighPassHz, ranges.MaxSpeakerHighPassHz)),
            rng.Uniform(ranges.MinSpeakerHighPassQ, ranges.MaxSpeakerHighPassQ),
            Math.Min(guard, rng.LogUniform(ranges.MinPresenceHz, ranges.MaxPresenceHz)),
            rng.Uniform(ranges.MinPresenceGainDb, ranges.MaxPresenceGainDb),
            rng.LogUniform(ranges.MinPresenceQ, ranges.MaxPresenceQ));

        var room = rng.Chance(ranges.RoomProbability);
        var rt60 = rng.Uniform(ranges.MinRt60Seconds, ranges.MaxRt60Seconds);
        var reflectionCount = ranges.MinReflections + (int)Math.Floor(rng.NextDouble() * (ranges.MaxReflections - ranges.MinReflections + 1));
        var reflections = new List<Reflection>(ranges.MaxReflections);
        for (var i = 0; i < ranges.MaxReflections; i++)
        {
            var delay = rng.Uniform(ranges.MinReflectionDelaySeconds, ranges.MaxReflectionDelaySeconds);
            var gain = rng.Uniform(ranges.MinReflectionGain, ranges.MaxReflectionGain) * (rng.NextDouble() < 0.5 ? -1 : 1);
            if (i < reflectionCount) reflections.Add(new Reflection(delay, gain));
        }
        var roomSettings = new RoomSettings(rt60, reflections, rng.Uniform(ranges.MinDirectToReverberantDb, ranges.MaxDirectToReverberantDb), (ulong)rng.NextInt64());

        var microphone = rng.Chance(ranges.MicrophoneProbability);
        var microphoneSettings = new MicrophoneEqSettings(
            Math.Min(guard, rng.LogUniform(ranges.MinMicHighPassHz, ranges.MaxMicHighPassHz)),
            Math.Min(guard, rng.LogUniform(ranges.MinMicRollOffHz, ranges.MaxMicRollOffHz)));

        var noise = rng.Chance(ranges.NoiseProbability);
        var noiseSettings = new NoiseSettings(rng.Uniform(ranges.MinSnrDb, ranges.MaxSnrDb),
            rng.Chance(ranges.PinkNoiseShare) ? NoiseColour.Pink : NoiseColour.White, (ulong)rng.NextInt64());

        var band = rng.Chance(ranges.BandLimitProbability);
        var bandSettings = new BandLimitSettings(
            Math.Min(guard, rng.LogUniform(ranges.MinBandLowHz, ranges.MaxBandLowHz)),
            Math.Min(guard, rng.LogUniform(ranges.MinBandHighHz, ranges.MaxBandHighHz)));

        var level = rng.Chance(ranges.LevelProbability);
        var peak = rng.Uniform(ranges.MinPeakDbfs, ranges.MaxPeakDbfs);

        // Drawn after every stage that existed before it (four values, always), so those stages' draws are unchanged.
        var codec = rng.Chance(ranges.CodecProbability);
        var opus = rng.Chance(ranges.OpusShare);
        var opusKbps = (int)Math.Round(rng.LogUniform(ranges.MinOpusKbps, ranges.MaxOpusKbps));
        var mp3Kbps = NearestMp3Bitrate(rng.LogUniform(ranges.MinMp3Kbps, ranges.MaxMp3Kbps), ranges);
        var codecSettings = opus ? new LossyCodecSettings(LossyCodecFormat.Opus, opusKbps) : new LossyCodecSettings(LossyCodecFormat.Mp3, mp3Kbps);

        return new MicrophoneChainSettings(
            speaker ? speakerSettings : null,
            room ? roomSettings : null,
            microphone ? microphoneSettings : null,
            noise ? noiseSettings : null,
            band && bandSettings.LowHz < bandSettings.HighHz ? bandSettings : null,
            level ? peak : null,
            codec ? codecSettings : null);
    }

    /// <summary>The MPEG-1 Layer III rate within the ranges nearest to <paramref name="kbps"/> (log distance).</summary>
    static int NearestMp3Bitrate(double kbps, MicrophoneChainRanges ranges) =>
        LossyCodecSettings.Mp3Bitrates.Where(b => b >= ranges.MinMp3Kbps && b <= ranges.MaxMp3Kbps)
            .MinBy(b => Math.Abs(Math.Log(b / kbps)));

    /// <summary>The chunk as the simulated microphone records it: a new array of the same length, every sample in [−1, 1].</summary>
    /// <param name="codec">Runs the codec stage; needed only when <paramref name="chain"/> has one (a chain without it never calls it).</param>
    public static float[] Apply(ReadOnlySpan<float> chunk, int sampleRate, MicrophoneChainSettings chain, ILossyCodec? codec = null,
        CancellationToken cancel = default)
    {
        if (sampleRate is < 8000 or > 384_000) throw new InvalidInputException($"sample rate must be between 8000 and 384000 Hz, got {sampleRate}");
        foreach (var v in chunk)
            if (!float.IsFinite(v)) throw new InvalidInputException("audio chunk contains NaN or infinite samples");
        var y = chunk.ToArray();
        if (chain.Speaker is { } s)
        {
            Equaliser.HighPass(y, sampleRate, s.HighPassHz, s.HighPassQ);
            Equaliser.Peaking(y, sampleRate, s.PresenceHz, s.PresenceGainDb, s.PresenceQ);
        }
        if (chain.Room is { } room) RoomImpulseResponse.Apply(y, sampleRate, room);
        if (chain.Microphone is { } m)
        {
            Equaliser.HighPass(y, sampleRate, m.HighPassHz);
            Equaliser.LowPass(y, sampleRate, m.RollOffHz);
        }
        if (chain.Noise is { } n) AdditiveNoise.Apply(y, n.SnrDb, n.Colour, n.Seed);
        if (chain.BandLimit is { } b) BandLimit.Apply(y, sampleRate, b.LowHz, b.HighHz);
        if (chain.PeakDbfs is { } p) GainEffect.SetPeak(y, p);
        // A recording is stored in [−1, 1]: whatever the level put above full scale is clipped off, not scaled back.
        GainEffect.Clip(y);
        if (chain.Codec is { } c)
        {
            if (codec is null)
                throw new InvalidOperationException($"this chain ends with a lossy codec ({c}) but no ILossyCodec was given to run it");
            y = codec.RoundTrip(y, sampleRate, c, cancel);
            if (y.Length != chunk.Length) throw new InvalidOperationException($"the lossy codec returned {y.Length} samples for {chunk.Length}");
            // The decoder's output is stored as a recording is: within full scale (a codec overshoots a clipped peak a little).
            GainEffect.Clip(y);
        }
        return y;
    }
}
