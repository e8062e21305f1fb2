using System.Text.Json;
using CrossModal.Bench.Harness;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Bench.Correctness;

/// <summary>
/// One configuration of the oneDNN reproduction (issue 16): the S2I generator's transposed convolutions and the
/// discriminator's convolutions at starter widths (f = 32, batch 64), forward and backward, each computed with oneDNN
/// and checked against the same op with oneDNN off (ATen's im2col + MKL GEMM) on the same inputs. A result counts as
/// mismatched when it is not finite or its largest difference exceeds <see cref="Tolerance"/> of the reference's
/// largest magnitude: summation order alone moves float32 results by ~1e-6 of that. The process's configuration
/// (threads, allocator settings, other .NET threads calling torch, tensor lifetime, denormal flushing; oneDNN's ISA
/// through the environment) is set by its arguments, so <see cref="OneDnnFaultMatrix"/> varies one thing per process.
/// </summary>
public static class KernelCheck
{
    public const double Tolerance = 1e-3;

    /// <summary>A convolution layer of the S2I networks: input shape and the op.</summary>
    sealed record Layer(string Name, bool Transposed, int InChannels, int OutChannels, int Kernel, int Stride, int Padding, int Size,
        bool MatrixProduct = false);

    static IReadOnlyList<Layer> S2ILayers(int f) =>
    [
        new("G1 deconv 1->4", true, 164, f * 8, 4, 1, 0, 1),
        new("G2 deconv 4->8", true, f * 8, f * 4, 4, 2, 1, 4),
        new("G3 deconv 8->16", true, f * 4, f * 2, 4, 2, 1, 8),
        new("G4 deconv 16->32", true, f * 2, f, 4, 2, 1, 16),
        new("G5 deconv 32->64", true, f, 3, 4, 2, 1, 32),
        new("D1 conv 64->32", false, 3, f, 4, 2, 1, 64),
        new("D2 conv 32->16", false, f, f * 2, 4, 2, 1, 32),
        new("D3 conv 16->8", false, f * 2, f * 4, 4, 2, 1, 16),
        new("D4 conv 8->4", false, f * 4, f * 8, 4, 2, 1, 8),
        new("D5 conv 1x1", false, f * 8 + 64, f * 8, 1, 1, 0, 4),
        new("D6 conv 4->1", false, f * 8, 1, 4, 1, 0, 4),
    ];

    /// <summary>
    /// Neighbours of the two layers that failed (G1's 1x1 -> 4x4 transposed convolution and D6's 4x4 -> 1x1 convolution
    /// backward), one dimension changed at a time: which property of the shape selects the faulty kernel.
    /// </summary>
    static IReadOnlyList<Layer> ProbeLayers(int f) =>
    [
        new("G1 as shipped (ic 164)", true, 164, f * 8, 4, 1, 0, 1),
        new("G1 ic 160 (x16)", true, 160, f * 8, 4, 1, 0, 1),
        new("G1 ic 176 (x16)", true, 176, f * 8, 4, 1, 0, 1),
        new("G1 oc 250", true, 164, 250, 4, 1, 0, 1),
        new("G1 input 2x2 (-> 5x5)", true, 164, f * 8, 4, 1, 0, 2),
        new("G1 kernel 3 (-> 3x3)", true, 164, f * 8, 3, 1, 0, 1),
        new("G1 kernel 2 (-> 2x2)", true, 164, f * 8, 2, 1, 0, 1),
        new("D6 as shipped (oc 1)", false, f * 8, 1, 4, 1, 0, 4),
        new("D6 oc 16", false, f * 8, 16, 4, 1, 0, 4),
        new("D6 input 5x5 (-> 2x2)", false, f * 8, 1, 4, 1, 0, 5),
    ];

    /// <summary>
    /// The S2I layers as the product computes them: G1 and D6 as matrix products (<see cref="FullExtentConvTranspose2d"/>,
    /// <see cref="MatrixConv2d"/>), the rest as convolutions. The fast-path correctness run: 0 wrong results expected.
    /// </summary>
    static IReadOnlyList<Layer> ProductLayers(int f) => S2ILayers(f).Select(l => l.Name.StartsWith("G1") || l.Name.StartsWith("D6")
        ? l with { Name = l.Name + " (matrix product)", MatrixProduct = true } : l).ToList();

    static readonly string[] Results = ["forward", "grad input", "grad weight"];

    public static int Run(BenchArgs args)
    {
        int iterations = args.Int("--iterations", args.Quick ? 5 : 100), batch = args.Int("--batch", 64);
        int otherThreads = args.Int("--other-threads", 0), keepIterations = args.Int("--keep-iterations", 0);
        var allocator = !args.Flag("--no-mallopt");
        if (allocator) TorchRuntime.Initialise(args.Threads, "cpu");
        else torch.set_num_threads(args.Threads);
        if (args.Flag("--flush-denormal")) LibTorchContext.FlushDenormals(true);
        torch.manual_seed(args.Int("--seed", 1));

        var filters = args.Int("--filters", 32);
        var layers = args.String("--layers") switch
        {
            "probe" => ProbeLayers(filters),
            "product" => ProductLayers(filters),
            _ => S2ILayers(filters),
        };
        var mismatches = new Dictionary<string, int>();
        var checkExact = args.Flag("--exact");
        Dictionary<string, int> offVsExact = [], onVsExact = [];
        long calls = 0, wrong = 0, nonFinite = 0;
        double worst = 0;
        using var noise = new TorchNoise(otherThreads);
        var kept = new Queue<DisposeScope>();
        for (var i = 0; i < iterations; i++)
        {
            var scope = NewDisposeScope();
            foreach (var layer in layers)
            {
                var reference = ForwardBackward(layer, batch, oneDnn: false, out var inputs);
                var candidate = ForwardBackward(layer, batch, oneDnn: true, inputs);
                var exact = checkExact ? ForwardBackward(layer, batch, oneDnn: false, inputs.Select(t => t.to_type(ScalarType.Float64)).ToArray()) : null;
                for (var r = 0; r < Results.Length; r++)
                {
                    calls++;
                    var (finite, relative) = Compare(reference[r], candidate[r]);
                    worst = Math.Max(worst, finite ? relative : double.PositiveInfinity);
                    if (exact is not null)
                    {
                        Count(offVsExact, $"{layer.Name} {Results[r]}", Compare(exact[r], reference[r].to_type(ScalarType.Float64)));
                        Count(onVsExact, $"{layer.Name} {Results[r]}", Compare(exact[r], candidate[r].to_type(ScalarType.Float64)));
                    }
                    if (finite && relative <= Tolerance) continue;
                    wrong++;
                    if (!finite) nonFinite++;
                    var key = $"{layer.Name} {Results[r]}";
                    mismatches[key] = mismatches.GetValueOrDefault(key) + 1;
                }
            }
            // Tensor lifetime: disposed at the end of each iteration (the product's pattern), or kept alive for
            // --keep-iterations more iterations so that freed memory is not handed straight back to the next op.
            kept.Enqueue(scope);
            while (kept.Count > keepIterations) kept.Dequeue().Dispose();
        }
        while (kept.Count > 0) kept.Dequeue().Dispose();
        LibTorchContext.OneDnn = false;

        var result = new
        {
            calls, wrong, nonFinite, worstRelative = double.IsInfinity(worst) ? -1 : worst, noiseOps = noise.Stop(),
            isa = Environment.GetEnvironmentVariable(LibTorchContext.OneDnnIsaVariable) ?? "default",
            threads = args.Threads, otherThreads, allocator, keepIterations, flushDenormal = args.Flag("--flush-denormal"),
            byResult = mismatches, offVsExact, onVsExact,
        };
        var json = JsonSerializer.Serialize(result);
        Console.WriteLine(json);
        if (args.String("--out") is { } path) File.WriteAllText(path, json);
        return 0;
    }

    /// <summary>Output, input gradient and weight gradient of one op on fresh random inputs (or the given ones).</summary>
    static Tensor[] ForwardBackward(Layer layer, int batch, bool oneDnn, out Tensor[] inputs)
    {
        var x = randn(batch, layer.InChannels, layer.Size, layer.Size);
        var w = layer.Transposed
            ? randn(layer.InChannels, layer.OutChannels, layer.Kernel, layer.Kernel) * 0.05
            : randn(layer.OutChannels, layer.InChannels, layer.Kernel, layer.Kernel) * 0.05;
        var outSize = layer.Transposed
            ? (layer.Size - 1) * layer.Stride - 2 * layer.Padding + layer.Kernel
            : (layer.Size + 2 * layer.Padding - layer.Kernel) / layer.Stride + 1;
        var upstream = randn(batch, layer.OutChannels, outSize, outSize);
        inputs = [x, w, upstream];
        return ForwardBackward(layer, batch, oneDnn, inputs);
    }

    static Tensor[] ForwardBackward(Layer layer, int batch, bool oneDnn, Tensor[] inputs)
    {
        LibTorchContext.OneDnn = oneDnn;
        var x = inputs[0].detach().requires_grad_(true);
        if (layer.MatrixProduct) return ThroughProductModule(layer, x, inputs[1], inputs[2]);
        var w = inputs[1].detach().requires_grad_(true);
        var y = layer.Transposed
            ? nn.functional.conv_transpose2d(x, w, strides: [layer.Stride], padding: [layer.Padding])
            : nn.functional.conv2d(x, w, strides: [layer.Stride], padding: [layer.Padding]);
        y.backward([inputs[2]]);
        return [y.detach(), x.grad!, w.grad!];
    }

    /// <summary>The layer through the product's own module, its weight set to <paramref name="weight"/>.</summary>
    static Tensor[] ThroughProductModule(Layer layer, Tensor x, Tensor weight, Tensor upstream)
    {
        using nn.Module<Tensor, Tensor> module = layer.Transposed
            ? new FullExtentConvTranspose2d(layer.InChannels, layer.OutChannels, (layer.Kernel, layer.Kernel))
            : new MatrixConv2d(layer.InChannels, layer.OutChannels, (layer.Kernel, layer.Kernel), hasBias: false);
        var parameter = module.parameters().Single();
        using (no_grad()) parameter.copy_(weight);
        var y = module.call(x);
        y.backward([upstream]);
        return [y.detach(), x.grad!, parameter.grad!.clone()];
    }

    static void Count(Dictionary<string, int> counts, string key, (bool Finite, double Relative) comparison)
    {
        if (comparison.Finite && comparison.Relative <= Tolerance) return;
        counts[key] = counts.GetValueOrDefault(key) + 1;
    }

    static (bool Finite, double Relative) Compare(Tensor reference, Tensor candidate)
    {
        using var _ = NewDisposeScope();
        if (!candidate.isfinite().all().item<bool>()) return (false, double.PositiveInfinity);
        var scale = reference.abs().max().to_type(ScalarType.Float64).item<double>() + 1e-12;
        return (true, (candidate - reference).abs().max().to_type(ScalarType.Float64).item<double>() / scale);
    }

    /// <summary>
    /// Other .NET threads calling torch at the same time as the checked ops (the product's services and trainers have
    /// request threads and background evaluation): each loops small convolutions and matmuls in its own dispose scope.
    /// </summary>
    sealed class TorchNoise : IDisposable
    {
        readonly List<Thread> threads = [];
        volatile bool stop;
        long operations;

        public TorchNoise(int count)
        {
            for (var t = 0; t < count; t++)
            {
                var thread = new Thread(Loop) { IsBackground = true, Name = $"torch-noise-{t}" };
                threads.Add(thread);
                thread.Start();
            }
        }

        void Loop()
        {
            while (!stop)
            {
                using var _ = NewDisposeScope();
                var x = randn(8, 32, 16, 16);
                var w = randn(64, 32, 4, 4);
                var y = nn.functional.conv2d(x, w, strides: [2], padding: [1]);
                var m = randn(256, 256).matmul(randn(256, 256));
                y.sum().add(m.sum()).item<float>();
                Interlocked.Increment(ref operations);
            }
        }

        public long Stop()
        {
            stop = true;
            foreach (var t in threads) t.Join();
            return Interlocked.Read(ref operations);
        }

        public void Dispose() => Stop();
    }
}
