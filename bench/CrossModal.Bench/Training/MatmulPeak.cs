using System.Diagnostics;
using static TorchSharp.torch;

namespace CrossModal.Bench.Training;

/// <summary>
/// The machine's achievable float32 matrix-multiply rate through libtorch (its BLAS, at the process's thread count):
/// the best of several 2048x2048 products (2·n³ FLOPs each). The roof the GAN step's FLOP rate is compared with.
/// </summary>
public static class MatmulPeak
{
    public static double GflopsPerSecond(int n = 2048, int repeats = 6)
    {
        using var scope = NewDisposeScope();
        var a = randn(n, n);
        var b = randn(n, n);
        using (var warm = mm(a, b)) { }
        var best = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            using var c = mm(a, b);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return 2.0 * n * n * n / best / 1e9;
    }
}
