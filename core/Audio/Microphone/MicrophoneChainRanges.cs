namespace CrossModal.Core.Audio.Microphone;

/// <summary>
/// What <see cref="MicrophoneChain.Draw"/> draws a chain from: each stage's probability and its parameters' ranges
/// (uniform; frequencies log-uniform). <see cref="Evaluation"/> runs every stage on every chunk (the test condition
/// "through a microphone"); <see cref="Training"/> runs each stage half the time, so the encoder also keeps seeing
/// chunks with only part of the chain.
/// </summary>
public sealed record MicrophoneChainRanges
{
    public double SpeakerProbability { get; init; } = 1;
    public double MinSpeakerHighPassHz { get; init; } = 150;
    public double MaxSpeakerHighPassHz { get; init; } = 500;
    public double MinSpeakerHighPassQ { get; init; } = 0.7;
    public double MaxSpeakerHighPassQ { get; init; } = 1.5;
    public double MinPresenceHz { get; init; } = 2000;
    public double MaxPresenceHz { get; init; } = 5000;
    public double MinPresenceGainDb { get; init; } = 3;
    public double MaxPresenceGainDb { get; init; } = 8;
    public double MinPresenceQ { get; init; } = 0.8;
    public double MaxPresenceQ { get; init; } = 2;

    public double RoomProbability { get; init; } = 1;
    public double MinRt60Seconds { get; init; } = 0.2;
    public double MaxRt60Seconds { get; init; } = 0.9;
    public int MinReflections { get; init; } = 3;
    public int MaxReflections { get; init; } = 6;
    public double MinReflectionDelaySeconds { get; init; } = 0.002;
    public double MaxReflectionDelaySeconds { get; init; } = 0.025;
    public double MinReflectionGain { get; init; } = 0.2;
    public double MaxReflectionGain { get; init; } = 0.7;
    public double MinDirectToReverberantDb { get; init; } = -3;
    public double MaxDirectToReverberantDb { get; init; } = 9;

    public double MicrophoneProbability { get; init; } = 1;
    public double MinMicHighPassHz { get; init; } = 60;
    public double MaxMicHighPassHz { get; init; } = 150;
    public double MinMicRollOffHz { get; init; } = 6000;
    public double MaxMicRollOffHz { get; init; } = 14000;

    public double NoiseProbability { get; init; } = 1;
    public double MinSnrDb { get; init; } = 10;
    public double MaxSnrDb { get; init; } = 30;
    public double PinkNoiseShare { get; init; } = 0.5;

    public double BandLimitProbability { get; init; } = 1;
    public double MinBandLowHz { get; init; } = 100;
    public double MaxBandLowHz { get; init; } = 200;
    public double MinBandHighHz { get; init; } = 6000;
    public double MaxBandHighHz { get; init; } = 8000;

    public double LevelProbability { get; init; } = 1;
    /// <summary>Where the recording's peak lands; above 0 dBFS the excess is clipped off.</summary>
    public double MinPeakDbfs { get; init; } = -20;
    public double MaxPeakDbfs { get; init; } = 6;

    /// <summary>Every stage on every chunk: the condition the robustness figures call "through the chain".</summary>
    public static MicrophoneChainRanges Evaluation { get; } = new();

    /// <summary>The same ranges, each stage with probability 0.5 (the sound encoder's augmentation).</summary>
    public static MicrophoneChainRanges Training { get; } = new()
    {
        SpeakerProbability = 0.5, RoomProbability = 0.5, MicrophoneProbability = 0.5,
        NoiseProbability = 0.5, BandLimitProbability = 0.5, LevelProbability = 0.5,
    };

    public void Validate()
    {
        foreach (var (p, what) in new[]
        {
            (SpeakerProbability, "speaker"), (RoomProbability, "room"), (MicrophoneProbability, "microphone"),
            (NoiseProbability, "noise"), (BandLimitProbability, "band limit"), (LevelProbability, "level"), (PinkNoiseShare, "pink noise share"),
        })
            if (!(p >= 0 && p <= 1)) throw new InvalidInputException($"{what} probability must be in [0, 1], got {p}");
        foreach (var (lo, hi, what) in new[]
        {
            (MinSpeakerHighPassHz, MaxSpeakerHighPassHz, "speaker high-pass Hz"), (MinSpeakerHighPassQ, MaxSpeakerHighPassQ, "speaker high-pass Q"),
            (MinPresenceHz, MaxPresenceHz, "presence Hz"), (MinPresenceQ, MaxPresenceQ, "presence Q"),
            (MinRt60Seconds, MaxRt60Seconds, "RT60 seconds"), (MinReflectionDelaySeconds, MaxReflectionDelaySeconds, "reflection delay seconds"),
            (MinReflectionGain, MaxReflectionGain, "reflection gain"), (MinMicHighPassHz, MaxMicHighPassHz, "microphone high-pass Hz"),
            (MinMicRollOffHz, MaxMicRollOffHz, "microphone roll-off Hz"), (MinBandLowHz, MaxBandLowHz, "band low Hz"), (MinBandHighHz, MaxBandHighHz, "band high Hz"),
        })
            if (!(lo > 0 && lo <= hi && double.IsFinite(hi))) throw new InvalidInputException($"{what} range must be positive and ordered, got {lo}..{hi}");
        foreach (var (lo, hi, what) in new[]
        {
            (MinPresenceGainDb, MaxPresenceGainDb, "presence gain dB"), (MinDirectToReverberantDb, MaxDirectToReverberantDb, "direct-to-reverberant dB"),
            (MinSnrDb, MaxSnrDb, "SNR dB"), (MinPeakDbfs, MaxPeakDbfs, "peak dBFS"),
        })
            if (!(lo <= hi && double.IsFinite(lo) && double.IsFinite(hi))) throw new InvalidInputException($"{what} range must be finite and ordered, got {lo}..{hi}");
        if (MinReflections < 0 || MinReflections > MaxReflections || MaxReflections > 16) throw new InvalidInputException($"reflections must be 0..16 and ordered, got {MinReflections}..{MaxReflections}");
        if (MaxReflectionGain > 1) throw new InvalidInputException($"a reflection's gain must be at most 1, got {MaxReflectionGain}");
        if (MaxReflectionDelaySeconds > 0.2) throw new InvalidInputException($"early reflections come within 200 ms, got {MaxReflectionDelaySeconds} s");
        if (MaxRt60Seconds > 10) throw new InvalidInputException($"RT60 above 10 s is not a room, got {MaxRt60Seconds}");
        if (MaxBandLowHz >= MinBandHighHz) throw new InvalidInputException("the band's low edge must lie below its high edge");
    }
}
