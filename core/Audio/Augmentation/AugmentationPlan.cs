using CrossModal.Core.Audio.Microphone;

namespace CrossModal.Core.Audio.Augmentation;

/// <summary>
/// The effects drawn for one chunk, in the order <see cref="AudioAugmenter.Apply"/> runs them: timing and pitch
/// (the performance), resonance, tilt and a random timbre (instrument body and microphone), reverb (the room), noise (the
/// recording chain), then gain, then a simulated microphone recording of the result (<see cref="MicrophoneChain"/>), and
/// the peak limit (the level). A null entry means the effect is skipped.
/// </summary>
public sealed record AugmentationPlan(
    int? TimeShiftSamples,
    double? PitchShiftSemitones,
    ResonanceSettings? Resonance,
    TiltSettings? Tilt,
    ReverbSettings? Reverb,
    NoiseSettings? Noise,
    double? GainDb,
    MicrophoneChainSettings? Microphone = null,
    IReadOnlyList<ResonanceSettings>? Timbre = null)
{
    public static AugmentationPlan None { get; } = new(null, null, null, null, null, null, null);

    // Value equality over the timbre bands too (a record compares a list by reference), so equal draws compare equal.
    public bool Equals(AugmentationPlan? other) =>
        other is not null && TimeShiftSamples == other.TimeShiftSamples && PitchShiftSemitones == other.PitchShiftSemitones
        && Resonance == other.Resonance && Tilt == other.Tilt && Reverb == other.Reverb && Noise == other.Noise
        && GainDb == other.GainDb && Microphone == other.Microphone
        && (Timbre is null ? other.Timbre is null : other.Timbre is not null && Timbre.SequenceEqual(other.Timbre));

    public override int GetHashCode() => HashCode.Combine(TimeShiftSamples, PitchShiftSemitones, Resonance, Tilt, Reverb, Noise, GainDb, Microphone);
}

public sealed record ResonanceSettings(double CentreHz, double GainDb, double Q);
public sealed record TiltSettings(double TiltDb, double PivotHz);
public sealed record ReverbSettings(double Rt60Seconds, double Wet, ulong Seed);
