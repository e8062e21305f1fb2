namespace CrossModal.Core.Audio.Augmentation;

/// <summary>
/// The effects drawn for one chunk, in the order <see cref="AudioAugmenter.Apply"/> runs them: timing and pitch
/// (the performance), resonance and tilt (instrument body and microphone), reverb (the room), noise (the
/// recording chain), then gain and the peak limit (the level). A null entry means the effect is skipped.
/// </summary>
public sealed record AugmentationPlan(
    int? TimeShiftSamples,
    double? PitchShiftSemitones,
    ResonanceSettings? Resonance,
    TiltSettings? Tilt,
    ReverbSettings? Reverb,
    NoiseSettings? Noise,
    double? GainDb)
{
    public static AugmentationPlan None { get; } = new(null, null, null, null, null, null, null);
}

public sealed record ResonanceSettings(double CentreHz, double GainDb, double Q);
public sealed record TiltSettings(double TiltDb, double PivotHz);
public sealed record ReverbSettings(double Rt60Seconds, double Wet, ulong Seed);
public sealed record NoiseSettings(double SnrDb, NoiseColour Colour, ulong Seed);
