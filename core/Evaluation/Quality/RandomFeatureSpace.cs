using static TorchSharp.torch;

namespace CrossModal.Core.Evaluation.Quality;

/// <summary>
/// A fixed, randomly initialised convolutional feature space (random features are a standard GAN-evaluation space:
/// Naeem et al. 2020; Lee et al. 2022): four 3x3 stride-2 convolutions (32, 64, 128, 256 channels, He-normal weights,
/// ReLU), then average pooling to 2x2 → 1,024 values. No training, so nothing the project tuned can have learnt to
/// like its own samples; the weights come from a fixed seed of their own generator, so every run, model and machine
/// measures in the same space. Works for images [N,3,64,64] in [-1,1] and spectrograms [N,1,128,44].
/// </summary>
public sealed class RandomFeatureSpace : IDisposable
{
    public const long DefaultSeed = 20170701;
    static readonly int[] Channels = [32, 64, 128, 256];
    const int PooledSide = 2;
    const int BatchSize = 256;

    readonly Tensor[] weights;

    public RandomFeatureSpace(int inputChannels, long seed = DefaultSeed)
    {
        if (inputChannels < 1) throw new InvalidInputException($"a feature space needs at least one input channel, got {inputChannels}");
        using var stream = new Generator((ulong)seed);
        weights = new Tensor[Channels.Length];
        var previous = inputChannels;
        for (var i = 0; i < Channels.Length; i++)
        {
            var fanIn = previous * 9;
            using var w = randn([Channels[i], previous, 3, 3], generator: stream);
            weights[i] = (w * Math.Sqrt(2.0 / fanIn)).detach();
            previous = Channels[i];
        }
        InputChannels = inputChannels;
    }

    public int InputChannels { get; }
    public int Dimension => Channels[^1] * PooledSide * PooledSide;

    /// <summary>Features of a batch [N, C, H, W] (H, W ≥ 16), one row per sample.</summary>
    public float[][] Features(Tensor x)
    {
        if (x.dim() != 4 || x.shape[1] != InputChannels || x.shape[2] < 16 || x.shape[3] < 16)
            throw new InvalidInputException($"the feature space takes [N,{InputChannels},H,W] with H, W ≥ 16, got [{string.Join(",", x.shape)}]");
        var rows = new List<float[]>((int)x.shape[0]);
        using var _ = inference_mode();
        for (long start = 0; start < x.shape[0]; start += BatchSize)
        {
            using var scope = NewDisposeScope();
            var h = x.narrow(0, start, Math.Min(BatchSize, x.shape[0] - start)).to_type(ScalarType.Float32).cpu();
            foreach (var w in weights) h = nn.functional.relu(nn.functional.conv2d(h, w, strides: [2, 2], padding: [1, 1]));
            var pooled = nn.functional.adaptive_avg_pool2d(h, [PooledSide, PooledSide]).flatten(1).contiguous();
            rows.AddRange(RowsOf(pooled));
        }
        return rows.ToArray();
    }

    /// <summary>The rows of a [N, D] tensor as arrays.</summary>
    internal static IEnumerable<float[]> RowsOf(Tensor matrix)
    {
        var d = (int)matrix.shape[1];
        var data = matrix.to_type(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
        for (var i = 0; i < matrix.shape[0]; i++) yield return data.AsSpan(i * d, d).ToArray();
    }

    public void Dispose()
    {
        foreach (var w in weights) w.Dispose();
    }
}
