namespace CrossModal.Core.Audio;

/// <summary>
/// The draws the audio augmentation and the simulated microphone make their settings from: each takes exactly one
/// value from the <see cref="Random"/>, so a plan's draws stay aligned whatever is switched on.
/// </summary>
public static class RandomRanges
{
    /// <summary>Uniform in [<paramref name="lo"/>, <paramref name="hi"/>).</summary>
    public static double Uniform(this Random rng, double lo, double hi) => lo + (hi - lo) * rng.NextDouble();

    /// <summary>Log-uniform in [<paramref name="lo"/>, <paramref name="hi"/>) (frequencies, Q); both positive.</summary>
    public static double LogUniform(this Random rng, double lo, double hi) => lo * Math.Pow(hi / lo, rng.NextDouble());

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public static bool Chance(this Random rng, double p) => rng.NextDouble() < p;
}
