using TorchSharp;

namespace CrossModal.Core.Runtime;

/// <summary>
/// Derives independent, reproducible random streams from one run seed. Each consumer (shuffling, wrong-pair
/// sampling, noise, dropout) gets its own stream per epoch, so resuming at an epoch boundary replays exactly
/// the randomness an uninterrupted run would have used.
/// </summary>
public static class Seeding
{
    /// <summary>A 64-bit seed for (run seed, purpose, epoch), mixed with SplitMix64 so nearby inputs give unrelated streams.</summary>
    public static long Derive(long seed, string purpose, long epoch = 0)
    {
        ulong h = 1469598103934665603UL; // FNV-1a over the purpose name: stable across processes, unlike string.GetHashCode.
        foreach (var c in purpose) { h ^= c; h *= 1099511628211UL; }
        ulong x = (ulong)seed ^ SplitMix(h) ^ SplitMix((ulong)epoch + 0x9E3779B97F4A7C15UL);
        return (long)(SplitMix(x) & 0x7FFF_FFFF_FFFF_FFFFUL);
    }

    /// <summary>A System.Random stream for (seed, purpose, epoch).</summary>
    public static Random Stream(long seed, string purpose, long epoch = 0) =>
        new((int)(Derive(seed, purpose, epoch) & 0x7FFF_FFFF));

    /// <summary>Seeds torch's global generator (weight init, dropout, noise drawn without an explicit generator).</summary>
    public static void SeedTorch(long seed, string purpose = "torch", long epoch = 0) =>
        torch.manual_seed(Derive(seed, purpose, epoch));

    private static ulong SplitMix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
