using CrossModal.Core.Audio.Microphone;

namespace CrossModal.Core.Audio.Augmentation;

/// <summary>
/// Random, label-preserving audio augmentation for training the sound encoder, so that it learns the
/// instrument rather than one sound bank's level, colour, room and timing. <see cref="Augment"/> draws an
/// <see cref="AugmentationPlan"/> from the caller's <see cref="Random"/> and applies it to a copy of the chunk.
/// The draw always consumes the same number of values from <paramref name="rng"/> whatever is skipped, so a
/// given rng state gives the same plan, and changing one probability does not reshuffle the other draws.
/// Thread-safe for different rng instances (scratch buffers are per thread).
/// </summary>
public static class AudioAugmenter
{
    [ThreadStatic] private static float[]? scratch;

    /// <param name="codec">Runs the microphone chain's lossy-codec stage; needed only when the options' microphone ranges can draw one.</param>
    public static float[] Augment(ReadOnlySpan<float> chunk, int sampleRate, Random rng, AudioAugmentationOptions? options = null,
        ILossyCodec? codec = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var plan = Draw(sampleRate, rng, options ?? AudioAugmentationOptions.Default);
        return Apply(chunk, sampleRate, plan, codec, cancel);
    }

    /// <summary>Draws which effects to apply and how strongly (always 25 values from <paramref name="rng"/>).</summary>
    public static AugmentationPlan Draw(int sampleRate, Random rng, AudioAugmentationOptions options)
    {
        ArgumentNullException.ThrowIfNull(rng);
        CheckRate(sampleRate);
        options.Validate();
        var nyquistGuard = 0.45 * sampleRate; // keep filter centres clear of Nyquist at low sample rates

        var timeShift = rng.Chance(options.TimeShiftProbability);
        var shift = (int)Math.Round(rng.Uniform(-1, 1) * options.MaxTimeShiftSeconds * sampleRate);
        var pitch = rng.Chance(options.PitchShiftProbability);
        var semitones = rng.Uniform(-1, 1) * options.MaxPitchShiftSemitones;
        var resonance = rng.Chance(options.ResonanceProbability);
        var resonanceSettings = new ResonanceSettings(
            Math.Min(nyquistGuard, rng.LogUniform(options.MinResonanceHz, options.MaxResonanceHz)),
            rng.Uniform(options.MinResonanceGainDb, options.MaxResonanceGainDb),
            rng.LogUniform(options.MinResonanceQ, options.MaxResonanceQ));
        var tilt = rng.Chance(options.TiltProbability);
        var tiltSettings = new TiltSettings(
            rng.Uniform(-1, 1) * options.MaxTiltDb,
            Math.Min(nyquistGuard, rng.LogUniform(options.MinTiltPivotHz, options.MaxTiltPivotHz)));
        var reverb = rng.Chance(options.ReverbProbability);
        var reverbSettings = new ReverbSettings(
            rng.Uniform(options.MinRt60Seconds, options.MaxRt60Seconds), rng.Uniform(options.MinReverbWet, options.MaxReverbWet),
            (ulong)rng.NextInt64());
        var noise = rng.Chance(options.NoiseProbability);
        var noiseSettings = new NoiseSettings(
            rng.Uniform(options.MinSnrDb, options.MaxSnrDb), rng.Chance(options.PinkNoiseShare) ? NoiseColour.Pink : NoiseColour.White,
            (ulong)rng.NextInt64());
        var gain = rng.Chance(options.GainProbability);
        var gainDb = rng.Uniform(-1, 1) * options.MaxGainDb;
        // Drawn last, so the 21 draws above (and so every plan made before the microphone existed) are unchanged; the
        // chain's own parameters come from a child stream, so this draw always takes two values.
        var microphone = rng.Chance(options.MicrophoneProbability);
        var microphoneSeed = rng.Next();
        var microphoneSettings = microphone ? MicrophoneChain.Draw(sampleRate, new Random(microphoneSeed), options.Microphone) : null;
        var timbre = rng.Chance(options.TimbreProbability);
        var timbreSeed = rng.Next();
        var timbreBands = timbre ? Timbre(sampleRate, new Random(timbreSeed), options) : null;

        return new AugmentationPlan(
            timeShift && shift != 0 ? shift : null,
            pitch ? semitones : null,
            resonance ? resonanceSettings : null,
            tilt ? tiltSettings : null,
            reverb ? reverbSettings : null,
            noise ? noiseSettings : null,
            gain ? gainDb : null,
            microphoneSettings,
            timbreBands);
    }

    /// <summary>The random spectral envelope: peaking bands log-uniform over 100 Hz – 10 kHz (kept below Nyquist).</summary>
    private static IReadOnlyList<ResonanceSettings> Timbre(int sampleRate, Random rng, AudioAugmentationOptions options)
    {
        var count = options.MinTimbreBands + rng.Next(options.MaxTimbreBands - options.MinTimbreBands + 1);
        var top = Math.Min(10_000, 0.45 * sampleRate);
        return Enumerable.Range(0, count).Select(_ => new ResonanceSettings(
            rng.LogUniform(100, top), rng.Uniform(-1, 1) * options.MaxTimbreGainDb, rng.LogUniform(0.7, 3))).ToList();
    }

    /// <summary>Applies <paramref name="plan"/> to a copy of <paramref name="chunk"/>; the result has the same length and peak ≤ 1.</summary>
    /// <param name="codec">Runs the plan's microphone codec stage, if it has one (<see cref="MicrophoneChain.Apply"/>).</param>
    public static float[] Apply(ReadOnlySpan<float> chunk, int sampleRate, AugmentationPlan plan, ILossyCodec? codec = null,
        CancellationToken cancel = default)
    {
        CheckRate(sampleRate);
        if (chunk.IsEmpty) throw new InvalidInputException("audio chunk is empty");
        foreach (var v in chunk)
            if (!float.IsFinite(v)) throw new InvalidInputException("audio chunk contains NaN or infinite samples");

        var y = chunk.ToArray();
        if (plan.TimeShiftSamples is { } shift)
        {
            // Beyond half a chunk a reflection would repeat most of the chunk backwards; no longer a "small" shift.
            shift = Math.Clamp(shift, -y.Length / 2, y.Length / 2);
            TimeAndPitch.Shift(chunk, y, shift);
        }
        if (plan.PitchShiftSemitones is { } semitones)
        {
            var source = Scratch(y.Length);
            y.CopyTo(source);
            TimeAndPitch.PitchShift(source, y, semitones);
        }
        if (plan.Resonance is { } r) Equaliser.Peaking(y, sampleRate, r.CentreHz, r.GainDb, r.Q);
        if (plan.Tilt is { } t) Equaliser.Tilt(y, sampleRate, t.TiltDb, t.PivotHz);
        if (plan.Timbre is { } bands)
            foreach (var b in bands) Equaliser.Peaking(y, sampleRate, b.CentreHz, b.GainDb, b.Q);
        if (plan.Reverb is { } rv) SyntheticReverb.Apply(y, sampleRate, rv.Rt60Seconds, rv.Wet, rv.Seed);
        if (plan.Noise is { } nz) AdditiveNoise.Apply(y, nz.SnrDb, nz.Colour, nz.Seed);
        if (plan.GainDb is { } g) GainEffect.Apply(y, g);
        if (plan.Microphone is { } mic) y = MicrophoneChain.Apply(y, sampleRate, mic, codec, cancel);
        GainEffect.LimitPeak(y);
        return y;
    }

    private static Span<float> Scratch(int length)
    {
        if (scratch is null || scratch.Length < length) scratch = new float[length];
        return scratch.AsSpan(0, length);
    }

    private static void CheckRate(int sampleRate)
    {
        if (sampleRate is < 8000 or > 384_000) throw new InvalidInputException($"sample rate must be between 8000 and 384000 Hz, got {sampleRate}");
    }
}
