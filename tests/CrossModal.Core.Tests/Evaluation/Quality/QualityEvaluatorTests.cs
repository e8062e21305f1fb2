using CrossModal.Core.Evaluation.Quality;
using CrossModal.Core.Generation;
using CrossModal.Core.Models;
using CrossModal.Core.Pipelines;
using CrossModal.Core.Tests.Generation;
using CrossModal.Core.Tests.Models;
using CrossModal.Core.Tests.Training;
using CrossModal.Core.Training;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Evaluation.Quality;

public sealed class QualityEvaluatorTests : IDisposable
{
    readonly TempDir dir = new();
    readonly ModelSet models;

    public QualityEvaluatorTests() => models = ModelSet.Open(TinyModelSet.Create(dir.Sub("models")));

    public void Dispose()
    {
        models.Dispose();
        dir.Dispose();
    }

    /// <summary>Two instruments (cello, flute), 8 pairs each from two pieces each: random LMS and images.</summary>
    static LoadedSplit Split()
    {
        const int perInstrument = 8;
        var labels = Enumerable.Range(0, 2 * perInstrument).Select(i => i < perInstrument ? 1 : 4).ToArray();
        var pieces = Enumerable.Range(0, 2 * perInstrument).Select(i => i / (perInstrument / 2)).ToArray();
        var g = new Generator(11);
        var data = new PairedTensorDataset(randn([labels.Length, 1, 128, 44], generator: g) * 20 - 40,
            rand([labels.Length, 3, 64, 64], generator: g) * 2 - 1, labels, pieces);
        return new LoadedSplit(data, [], [], []);
    }

    [Fact]
    public void S2IQualityMeasuresEverySoundAndIsSeeded()
    {
        using var split = Split();
        var q = S2IQualityEvaluator.OnSplit(models, "s2i-c", split, "tiny", seed: 4);
        Assert.Equal(16, q.Sounds);
        Assert.Equal(["cello", "flute"], q.PixelVariety.PerInstrument.Select(p => p.Instrument));
        Assert.All(q.PixelVariety.PerInstrument, p => Assert.Equal(8, p.Sounds));
        Assert.All([q.PixelVariety, q.FeatureVariety], v => Assert.InRange(v.Overall, 0, 10));
        Assert.All(q.Coverage.PerInstrument, c => Assert.Equal((8, 8), (c.RealN, c.GeneratedN)));
        Assert.InRange(q.Coverage.Coverage, 0, 1);
        Assert.InRange(q.NoiseShare!.Value, 0, 1);
        Assert.Equal(16, q.RoundTrip!.Result.N);
        Assert.Empty(q.Notes);
        var again = S2IQualityEvaluator.OnSplit(models, "s2i-c", split, "tiny", seed: 4);
        Assert.Equal(q.FeatureVariety.Overall, again.FeatureVariety.Overall);
        Assert.Equal(q.Coverage.Density, again.Coverage.Density);
    }

    [Fact]
    public void I2SQualityMeasuresEveryImage()
    {
        using var split = Split();
        var q = I2SQualityEvaluator.OnSplit(models, split, "tiny", seed: 4);
        Assert.Equal(16, q.Images);
        Assert.All([q.SpectrogramVariety, q.FeatureVariety], v => Assert.Equal(2, v.PerInstrument.Count));
        // Tiny random generators may barely use z; the values are checked on hand-made inputs, here their plumbing.
        Assert.All(q.SpectrogramVariety.PerInstrument, p => Assert.True(p.RealAcrossPieces > 0 && double.IsFinite(p.Ratio)));
        Assert.Equal(16, q.RoundTrip!.Result.N);
    }

    [Fact]
    public void NoiseShareOfAGeneratorThatIgnoresZIsZero()
    {
        var config = TinyConfigs.Gan;
        using var g = new S2IGenerator(config);
        g.eval();
        using var scope = NewDisposeScope();
        var embedding = randn([4, config.EmbeddingSize]).repeat_interleave(8, 0);
        var z = randn([32, config.NoiseSize]);
        var listening = NoiseShare.FromActivations(g.FirstLayer(embedding, z).reshape([4, 8, -1]));
        Assert.InRange(listening, 0.01, 0.99);
        // The first layer's input channels are [z ; condition]: zero z's weights and z no longer reaches G.
        var first = g.named_parameters().Single(p => p.name == "net.0.weight").parameter;
        using (no_grad()) first.narrow(0, 0, config.NoiseSize).zero_();
        Assert.Equal(0.0, NoiseShare.FromActivations(g.FirstLayer(embedding, z).reshape([4, 8, -1])), 9);
    }
}
