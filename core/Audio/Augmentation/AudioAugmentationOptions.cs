using CrossModal.Core.Audio.Microphone;

namespace CrossModal.Core.Audio.Augmentation;

/// <summary>
/// What <see cref="AudioAugmenter"/> may do to a training chunk, and how often. Each effect is applied
/// independently with its probability; its strength is drawn uniformly from its range (frequencies and Q
/// log-uniformly). The defaults aim at what separates FluidR3 renderings from real recordings of other
/// instruments: level, microphone/body colour, room, background noise, intonation and timing.
/// </summary>
public sealed record AudioAugmentationOptions
{
    public double GainProbability { get; init; } = 1.0;
    /// <summary>Gain drawn from ±this many dB (the peak is kept ≤ 1 afterwards).</summary>
    public double MaxGainDb { get; init; } = 12;

    public double TiltProbability { get; init; } = 0.6;
    /// <summary>High-versus-low balance drawn from ±this many dB (highs +t/2, lows −t/2).</summary>
    public double MaxTiltDb { get; init; } = 6;
    public double MinTiltPivotHz { get; init; } = 500;
    public double MaxTiltPivotHz { get; init; } = 4000;

    public double ResonanceProbability { get; init; } = 0.5;
    public double MinResonanceHz { get; init; } = 150;
    public double MaxResonanceHz { get; init; } = 6000;
    public double MinResonanceGainDb { get; init; } = -6;
    public double MaxResonanceGainDb { get; init; } = 9;
    public double MinResonanceQ { get; init; } = 0.7;
    public double MaxResonanceQ { get; init; } = 6;

    public double ReverbProbability { get; init; } = 0.5;
    public double MinRt60Seconds { get; init; } = 0.1;
    public double MaxRt60Seconds { get; init; } = 1.2;
    public double MinReverbWet { get; init; } = 0.1;
    public double MaxReverbWet { get; init; } = 0.5;

    public double NoiseProbability { get; init; } = 0.5;
    public double MinSnrDb { get; init; } = 15;
    public double MaxSnrDb { get; init; } = 40;
    /// <summary>Share of noisy chunks that get pink rather than white noise.</summary>
    public double PinkNoiseShare { get; init; } = 0.5;

    public double PitchShiftProbability { get; init; } = 0.5;
    /// <summary>Pitch shift drawn from ±this many semitones (at most <see cref="TimeAndPitch.MaxSemitones"/>).</summary>
    public double MaxPitchShiftSemitones { get; init; } = 1;

    public double TimeShiftProbability { get; init; } = 0.5;
    /// <summary>Time shift drawn from ±this many seconds.</summary>
    public double MaxTimeShiftSeconds { get; init; } = 0.05;

    /// <summary>
    /// Share of chunks also recorded through a simulated microphone (<see cref="MicrophoneChain"/>, drawn from
    /// <see cref="Microphone"/>): speaker and microphone EQ, a room with early reflections, noise at 10–30 dB SNR, a
    /// band limit, level and clipping. 0 by default, so recipes written before it train as they did.
    /// </summary>
    public double MicrophoneProbability { get; init; }
    public MicrophoneChainRanges Microphone { get; init; } = MicrophoneChainRanges.Training;

    /// <summary>
    /// Share of chunks given a random timbre: <see cref="MinTimbreBands"/>–<see cref="MaxTimbreBands"/> peaking filters
    /// spread log-uniformly over 100 Hz – 10 kHz, each ±<see cref="MaxTimbreGainDb"/> dB with Q 0.7–3, a smooth random
    /// spectral envelope such as another bank's samples, another instrument maker or another speaker gives. 0 by default.
    /// </summary>
    public double TimbreProbability { get; init; }
    public int MinTimbreBands { get; init; } = 3;
    public int MaxTimbreBands { get; init; } = 6;
    public double MaxTimbreGainDb { get; init; } = 10;

    public static AudioAugmentationOptions Default { get; } = new();

    public void Validate()
    {
        Probability(GainProbability, "gain"); Probability(TiltProbability, "tilt");
        Probability(ResonanceProbability, "resonance"); Probability(ReverbProbability, "reverb");
        Probability(NoiseProbability, "noise"); Probability(PitchShiftProbability, "pitch shift");
        Probability(TimeShiftProbability, "time shift"); Probability(PinkNoiseShare, "pink noise share");
        Probability(MicrophoneProbability, "microphone");
        Probability(TimbreProbability, "timbre");
        if (MinTimbreBands < 1 || MinTimbreBands > MaxTimbreBands || MaxTimbreBands > 16)
            throw new InvalidInputException($"timbre bands must be 1..16 and ordered, got {MinTimbreBands}..{MaxTimbreBands}");
        NonNegative(MaxTimbreGainDb, "max timbre gain dB", 24);
        Microphone.Validate();
        NonNegative(MaxGainDb, "max gain dB", 40);
        NonNegative(MaxTiltDb, "max tilt dB", 24);
        Range(MinTiltPivotHz, MaxTiltPivotHz, "tilt pivot Hz", positive: true);
        Range(MinResonanceHz, MaxResonanceHz, "resonance Hz", positive: true);
        Range(MinResonanceGainDb, MaxResonanceGainDb, "resonance gain dB", positive: false);
        if (Math.Max(Math.Abs(MinResonanceGainDb), Math.Abs(MaxResonanceGainDb)) > 24)
            throw new InvalidInputException("resonance gain must stay within ±24 dB");
        Range(MinResonanceQ, MaxResonanceQ, "resonance Q", positive: true);
        Range(MinRt60Seconds, MaxRt60Seconds, "RT60 seconds", positive: true);
        if (MaxRt60Seconds > 10) throw new InvalidInputException($"RT60 above 10 s is not a room, got {MaxRt60Seconds}");
        Range(MinReverbWet, MaxReverbWet, "reverb wet mix", positive: false);
        if (MinReverbWet < 0 || MaxReverbWet > 1) throw new InvalidInputException("reverb wet mix must lie in [0, 1]");
        Range(MinSnrDb, MaxSnrDb, "SNR dB", positive: false);
        NonNegative(MaxPitchShiftSemitones, "max pitch shift semitones", TimeAndPitch.MaxSemitones);
        NonNegative(MaxTimeShiftSeconds, "max time shift seconds", 1);
    }

    private static void Probability(double p, string what)
    {
        if (!(p >= 0 && p <= 1)) throw new InvalidInputException($"{what} probability must be in [0, 1], got {p}");
    }

    private static void NonNegative(double v, string what, double max)
    {
        if (!(v >= 0 && v <= max)) throw new InvalidInputException($"{what} must be in [0, {max}], got {v}");
    }

    private static void Range(double min, double max, string what, bool positive)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || min > max || (positive && min <= 0))
            throw new InvalidInputException($"{what} range must be finite{(positive ? ", positive" : "")} and ordered, got {min}..{max}");
    }
}
