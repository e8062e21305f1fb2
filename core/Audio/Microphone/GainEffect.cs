namespace CrossModal.Core.Audio.Microphone;

/// <summary>Level changes: a gain in dB, a level set by peak, hard clipping, and the final peak limit that keeps every augmented chunk in [−1, 1].</summary>
public static class GainEffect
{
    public static void Apply(Span<float> x, double gainDb)
    {
        if (!double.IsFinite(gainDb)) throw new InvalidInputException($"gain must be a finite number of dB, got {gainDb}");
        var g = (float)Math.Pow(10, gainDb / 20);
        for (var i = 0; i < x.Length; i++) x[i] *= g;
    }

    /// <summary>
    /// Scales the whole chunk down (never up) so that its peak is at most <paramref name="ceiling"/>. A uniform
    /// scale instead of clipping: clipping would add distortion the recordings we generalise to do not have.
    /// </summary>
    public static void LimitPeak(Span<float> x, float ceiling = 1f)
    {
        float peak = 0;
        foreach (var v in x) peak = Math.Max(peak, Math.Abs(v));
        if (peak <= ceiling) return;
        var g = ceiling / peak;
        for (var i = 0; i < x.Length; i++) x[i] = Math.Clamp(x[i] * g, -ceiling, ceiling);
    }

    /// <summary>
    /// Scales the chunk so its peak sits at <paramref name="peakDbfs"/> (above 0 dBFS the converter would clip: see
    /// <see cref="Clip"/>). A silent chunk stays silent.
    /// </summary>
    public static void SetPeak(Span<float> x, double peakDbfs)
    {
        if (!double.IsFinite(peakDbfs)) throw new InvalidInputException($"peak level must be a finite number of dBFS, got {peakDbfs}");
        float peak = 0;
        foreach (var v in x) peak = Math.Max(peak, Math.Abs(v));
        if (peak == 0) return;
        Apply(x, peakDbfs - 20 * Math.Log10(peak));
    }

    /// <summary>Hard clipping at ±<paramref name="ceiling"/>, as an overdriven converter or phone input does (distortion included, unlike <see cref="LimitPeak"/>).</summary>
    public static void Clip(Span<float> x, float ceiling = 1f)
    {
        if (!(ceiling > 0)) throw new InvalidInputException($"clipping ceiling must be positive, got {ceiling}");
        for (var i = 0; i < x.Length; i++) x[i] = Math.Clamp(x[i], -ceiling, ceiling);
    }
}
