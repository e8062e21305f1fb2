namespace CrossModal.Core.Audio.Microphone;

/// <summary>
/// One simulated recording of a chunk, stage by stage in the order <see cref="MicrophoneChain.Apply"/> runs them: the
/// sound played through a small speaker, the room, a cheap microphone, background noise, a phone's band limit, and
/// the input level (clipping when the peak is set above full scale), then a lossy codec (the phone encoding what it
/// recorded; run by an <see cref="ILossyCodec"/> given to <see cref="MicrophoneChain.Apply"/>). A null stage is skipped.
/// </summary>
public sealed record MicrophoneChainSettings(
    SpeakerSettings? Speaker,
    RoomSettings? Room,
    MicrophoneEqSettings? Microphone,
    NoiseSettings? Noise,
    BandLimitSettings? BandLimit,
    double? PeakDbfs,
    LossyCodecSettings? Codec = null)
{
    public static MicrophoneChainSettings None { get; } = new(null, null, null, null, null, null);
}

/// <summary>A small speaker: no bass below its (possibly resonant) high-pass, a presence peak where its cone breaks up.</summary>
public sealed record SpeakerSettings(double HighPassHz, double HighPassQ, double PresenceHz, double PresenceGainDb, double PresenceQ);

/// <summary>A cheap microphone: a rumble high-pass and a treble roll-off.</summary>
public sealed record MicrophoneEqSettings(double HighPassHz, double RollOffHz);

/// <summary>Background noise at a signal-to-noise ratio (<see cref="AdditiveNoise"/>), shared with the training augmentation.</summary>
public sealed record NoiseSettings(double SnrDb, NoiseColour Colour, ulong Seed);

public sealed record BandLimitSettings(double LowHz, double HighHz);
