using CrossModal.Domain;
namespace CrossModal.Core.Audio;

/// <summary>
/// One entry point for every audio representation. Input: mono samples at 44,100 Hz (use the
/// <see cref="AudioClip"/> overload to resample other rates first). Every representation uses hop 512 and frames
/// centred on t · 512, so all give 1 + n / 512 frames: 44 for a 0.5 s chunk.
/// </summary>
public static class FeatureExtractor
{
    public static Spectrogram Extract(ReadOnlySpan<float> samples, Representation representation)
    {
        if (samples.IsEmpty) throw new InvalidInputException("audio has no samples.");
        foreach (var s in samples)
            if (!float.IsFinite(s)) throw new InvalidInputException("audio contains NaN or infinite samples.");
        return representation switch
        {
            Representation.Stft => StftMagnitude.LogMagnitude(samples),
            Representation.Ms => MelSpectrogram.Power(samples),
            Representation.Lms => MelSpectrogram.Log(samples),
            Representation.Cqt => ConstantQTransform.Default.Compute(samples),
            Representation.Mfcc => Mfcc.FromLogMel(MelSpectrogram.Log(samples)),
            _ => throw new ArgumentOutOfRangeException(nameof(representation), representation, "unknown representation."),
        };
    }

    /// <summary>Resamples to 44,100 Hz when needed, then extracts.</summary>
    public static Spectrogram Extract(AudioClip clip, Representation representation) =>
        Extract(Resampler.Resample(clip, AudioFrontEnd.SampleRate).Samples, representation);

    /// <summary>Number of bins of each representation.</summary>
    public static int BinCount(Representation representation) => representation switch
    {
        Representation.Stft => AudioFrontEnd.FftBins,
        Representation.Ms or Representation.Lms => AudioFrontEnd.MelBands,
        Representation.Cqt => ConstantQTransform.DefaultBins,
        Representation.Mfcc => Mfcc.DefaultCoefficients,
        _ => throw new ArgumentOutOfRangeException(nameof(representation)),
    };
}
