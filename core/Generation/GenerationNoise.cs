using CrossModal.Core.Runtime;
using static TorchSharp.torch;

namespace CrossModal.Core.Generation;

/// <summary>
/// The noise z of a generation request, drawn from its own seeded stream: the same seed, count and model give
/// the same samples on any run and thread, independent of torch's global generator.
/// </summary>
internal static class GenerationNoise
{
    /// <summary>The purposes the noise streams of S2I and I2S generation are derived with (changing one changes every image).</summary>
    public const string SoundToImage = "s2i-noise", ImageToSound = "i2s-noise";

    public static Tensor Draw(long count, int noiseSize, long seed, string purpose)
    {
        using var stream = new Generator((ulong)Seeding.Derive(seed, purpose));
        return randn([count, noiseSize], generator: stream);
    }

    /// <summary>
    /// One noise row per seed, row i exactly the noise of a single-image request with seed <paramref name="seeds"/>[i]:
    /// evaluators use it so that each sample's image is the one a user (or a service call) gets with that seed,
    /// whatever the batch it was generated in.
    /// </summary>
    public static Tensor DrawEach(IReadOnlyList<long> seeds, int noiseSize, string purpose)
    {
        if (seeds.Count == 0) throw new ArgumentException("at least one seed is needed", nameof(seeds));
        using var scope = NewDisposeScope();
        var rows = seeds.Select(s => Draw(1, noiseSize, s, purpose)).ToArray();
        return cat(rows, 0).MoveToOuterDisposeScope();
    }
}
