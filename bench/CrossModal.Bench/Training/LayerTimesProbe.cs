using System.Diagnostics;
using CrossModal.Bench.Harness;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CrossModal.Bench.Training;

public static class LayerTimesProbe
{
    public static int Run(BenchArgs args)
    {
        var layers = new (string, Func<Module<Tensor, Tensor>>, long[])[]
        {
            ("upsample nearest 32->64, 32ch", () => Upsample(scale_factor: [2.0, 2.0], mode: UpsampleMode.Nearest), [64, 32, 32, 32]),
            ("conv3x3 32->32 @64x64", () => Conv2d(32, 32, 3, padding: 1, bias: false), [64, 32, 64, 64]),
            ("bn 32 @64x64", () => BatchNorm2d(32), [64, 32, 64, 64]),
            ("matrixconv 32->3 @64x64", () => new MatrixConv2d(32, 3, (3, 3), padding: (1, 1)), [64, 32, 64, 64]),
            ("conv3x3 32->3 @64x64", () => Conv2d(32, 3, 3, padding: 1), [64, 32, 64, 64]),
            ("conv3x3 64->32 @32x32", () => Conv2d(64, 32, 3, padding: 1, bias: false), [64, 64, 32, 32]),
        };
        foreach (var oneDnn in new[] { true, false })
        foreach (var (name, make, shape) in layers)
        {
            LibTorchContext.OneDnn = oneDnn;
            using var scope = NewDisposeScope();
            var m = make();
            var x = randn(shape).requires_grad_();
            var times = new List<double>();
            for (var i = 0; i < 4; i++)
            {
                using var s = NewDisposeScope();
                var c = Stopwatch.StartNew();
                var y = m.call(x);
                var f = c.Elapsed.TotalMilliseconds;
                y.backward([ones_like(y)]);
                times.Add(c.Elapsed.TotalMilliseconds);
                if (i == 3) Console.WriteLine($"oneDNN {oneDnn,-5} {name,-32} fwd {f,8:F1} ms  fwd+bwd {c.Elapsed.TotalMilliseconds,8:F1} ms");
            }
        }
        return 0;
    }
}
