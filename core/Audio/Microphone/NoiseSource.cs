namespace CrossModal.Core.Audio.Microphone;

/// <summary>
/// A fast seeded noise generator (xoshiro256** seeded through SplitMix64) for the effects that need one
/// random value per sample. System.Random costs several times more per value, and Box–Muller needs a log,
/// a root and a sine per pair; here a Gaussian-like value is the sum of four 16-bit uniforms from one
/// 64-bit draw (Irwin–Hall, variance matched to 1), which is spectrally white and bell-shaped enough for
/// room tails and background hiss.
/// </summary>
internal struct NoiseSource
{
    private ulong s0, s1, s2, s3;

    public NoiseSource(ulong seed)
    {
        s0 = SplitMix(ref seed); s1 = SplitMix(ref seed); s2 = SplitMix(ref seed); s3 = SplitMix(ref seed);
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
        s2 ^= t;
        s3 = RotateLeft(s3, 45);
        return result;
    }

    // Sum of four uniforms on [0, 1) has mean 2 and variance 4/12; centre and scale to unit variance.
    private const double IrwinHallScale = 1.7320508075688772 / 65536.0; // sqrt(3) / 2^16

    /// <summary>Zero-mean, unit-variance, approximately Gaussian value in [−2√3, 2√3].</summary>
    public double NextGaussianLike()
    {
        var r = NextUInt64();
        double sum = (double)(r & 0xFFFF) + ((r >> 16) & 0xFFFF) + ((r >> 32) & 0xFFFF) + (r >> 48);
        return (sum - 2 * 65535.5) * IrwinHallScale;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        var x = z;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
