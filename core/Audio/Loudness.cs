namespace CrossModal.Core.Audio;

/// <summary>
/// Loudness in dBFS as the paper's chunk filter uses it: RMS level relative to a full-scale sine's
/// RMS would be +3 dB off, so we follow the common convention of RMS relative to full scale 1.0
/// (a full-scale square wave is 0 dBFS, a full-scale sine −3.01 dBFS). Silence is −infinity.
/// </summary>
public static class Loudness
{
    /// <summary>The paper drops chunks at or below this level.</summary>
    public const double SilenceThresholdDbfs = -45.0;

    public static double RmsDbfs(ReadOnlySpan<float> samples)
    {
        if (samples.IsEmpty) return double.NegativeInfinity;
        double sum = 0;
        foreach (var s in samples) sum += (double)s * s;
        double rms = Math.Sqrt(sum / samples.Length);
        return rms > 0 ? 20 * Math.Log10(rms) : double.NegativeInfinity;
    }

    public static bool IsAudible(ReadOnlySpan<float> samples) => RmsDbfs(samples) > SilenceThresholdDbfs;
}
