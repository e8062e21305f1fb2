namespace CrossModal.Core.Audio.Microphone;

/// <summary>
/// What <see cref="MicrophoneChain.Draw"/> draws a chain from: each stage's probability and its parameters' ranges
/// (uniform; frequencies log-uniform). <see cref="Evaluation"/> runs every stage on every chunk (the test condition
/// "through a microphone"); <see cref="Training"/> runs each stage half the time, so the encoder also keeps seeing
/// chunks with only part of the chain. The lossy codec, the last stage, is off (probability 0) in both, so every chain
/// drawn before it existed is drawn and recorded as it was; <see cref="EvaluationWithCodec"/> adds it to every chunk,
/// and a recipe switches it on for training with the sound encoder's <c>codec</c> share.
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

    /// <summary>
    /// The lossy codec after the level (a phone encodes what its microphone recorded): 0 by default, so chains drawn
    /// from ranges made before it existed record as they did. Drawn after every other stage, always four values.
    /// </summary>
    public double CodecProbability { get; init; }
    /// <summary>Share of coded chunks encoded with Opus; the rest MP3.</summary>
    public double OpusShare { get; init; } = 0.5;
    /// <summary>Opus bit rate, log-uniform, rounded to whole kb/s (libopus, VBR): 16 is a poor call, 64 a good voice-app stream.</summary>
    public double MinOpusKbps { get; init; } = 16;
    public double MaxOpusKbps { get; init; } = 64;
    /// <summary>MP3 bit rate, log-uniform, then the nearest MPEG-1 Layer III rate (<see cref="LossyCodecSettings.Mp3Bitrates"/>) in range.</summary>
    public double MinMp3Kbps { get; init; } = 32;
    public double MaxMp3Kbps { get; init; } = 128;

    /// <summary>Every stage on every chunk: the condition the robustness figures call "through the chain".</summary>
    public static MicrophoneChainRanges Evaluation { get; } = new();

    /// <summary>
    /// <see cref="Evaluation"/> then a lossy codec on every chunk (Opus 16–64 kb/s or MP3 32–128 kb/s, half each): the
    /// condition "through the chain and a codec". For the same rng state its other stages are exactly
    /// <see cref="Evaluation"/>'s, so the two conditions differ only by the codec.
    /// </summary>
    public static MicrophoneChainRanges EvaluationWithCodec { get; } = new() { CodecProbability = 1 };

    /// <summary>
    /// The same ranges, each stage with probability 0.5 (the sound encoder's augmentation), except the codec: 0 here, so
    /// recipes that record through the chain train as they did; the recipe's <c>codec</c> share sets it (0.5 like the
    /// other stages is the natural choice).
    /// </summary>
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
            (CodecProbability, "codec"), (OpusShare, "Opus share"),
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
        if (!(MinOpusKbps >= LossyCodecSettings.MinOpusKbps && MinOpusKbps <= MaxOpusKbps && MaxOpusKbps <= LossyCodecSettings.MaxOpusKbps))
            throw new InvalidInputException($"Opus kb/s range must be ordered within {LossyCodecSettings.MinOpusKbps}..{LossyCodecSettings.MaxOpusKbps}, got {MinOpusKbps}..{MaxOpusKbps}");
        if (!(MinMp3Kbps <= MaxMp3Kbps) || !LossyCodecSettings.Mp3Bitrates.Any(b => b >= MinMp3Kbps && b <= MaxMp3Kbps))
            throw new InvalidInputException($"MP3 kb/s range must be ordered and hold an MPEG-1 Layer III rate ({string.Join(", ", LossyCodecSettings.Mp3Bitrates)}), got {MinMp3Kbps}..{MaxMp3Kbps}");
    }
}
