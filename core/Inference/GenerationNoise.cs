using CrossModal.Core.Runtime;
using static TorchSharp.torch;

namespace CrossModal.Core.Generation;

/// <summary>
/// The noise z of a generation request, drawn from its own seeded stream: the same seed, count and model give
/// the same samples on any run and thread, independent of torch's global generator.
/// </summary>
internal static class GenerationNoise
{
    public static Tensor Draw(long count, int noiseSize, long seed, string purpose)
    {
        using var stream = new Generator((ulong)Seeding.Derive(seed, purpose));
        return randn([count, noiseSize], generator: stream);
    }
}
