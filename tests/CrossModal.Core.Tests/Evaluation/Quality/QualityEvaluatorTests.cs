using CrossModal.Core.Evaluation.Quality;
using CrossModal.Core.Generation;
using CrossModal.Core.Models;
using CrossModal.Core.Storage;
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

    public QualityEvaluatorTests()
    {
        var root = TinyModelSet.Create(dir.Sub("models"));
        var tiny = new StoredModels.Provenance("tiny", "test", 1, new Dictionary<string, double>());
        StoredModels.SaveImageJudge(root, new ImageJudge(JudgeNetworkTests.TinyImage), tiny);
        StoredModels.SaveSoundJudge(root, new SoundJudge(JudgeNetworkTests.TinySound), tiny);
        models = ModelSet.Open(root);
    }

    public void Dispose()
    {
        models.Dispose();
        dir.Dispose();
    }

    /// <summary>Two instruments (cello, flute), <paramref name="piecesPerInstrument"/> pieces of 4 pairs each: random LMS and images.</summary>
    static LoadedSplit Split(int piecesPerInstrument = 2)
    {
        var perInstrument = 4 * piecesPerInstrument;
        var labels = Enumerable.Range(0, 2 * perInstrument).Select(i => i < perInstrument ? 1 : 4).ToArray();
        var pieces = Enumerable.Range(0, 2 * perInstrument).Select(i => i / 4).ToArray();
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
        // The second judge sees 4 samples of each sound, in colour and in greyscale.
        Assert.Equal(64, q.SecondJudge!.Result.N);
        Assert.Equal(64, q.SecondJudgeGreyscale!.Result.N);
        // Two pieces of 4 frames: a frame has 4 frames of its instrument in the other piece, fewer than k = 5.
        Assert.Null(q.CoverageAcrossPieces);
        Assert.Contains("other pieces", Assert.Single(q.Notes));
        var again = S2IQualityEvaluator.OnSplit(models, "s2i-c", split, "tiny", seed: 4);
        Assert.Equal(q.FeatureVariety.Overall, again.FeatureVariety.Overall);
        Assert.Equal(q.Coverage.Density, again.Coverage.Density);
    }

    [Fact]
    public void CoverageReferenceScoresRealScenesInPlaceOfGeneratedOnes()
    {
        using var split = Split();
        Assert.Null(S2IQualityEvaluator.OnSplit(models, "s2i-c", split, "tiny", seed: 4).CoverageReference);
        // The real scenes themselves as the reference: every real ball holds its own scene (coverage 1), and each scene
        // lies in its own ball and in those of the real scenes it is among the 5 nearest of.
        var self = S2IQualityEvaluator.OnSplit(models, "s2i-c", split, "tiny", seed: 4, reference: split).CoverageReference!;
        Assert.Equal(1.0, self.Coverage);
        Assert.All(self.PerInstrument, c => Assert.Equal((8, 8), (c.RealN, c.GeneratedN)));
        Assert.InRange(self.Density, 1.0 / CoverageDensity.DefaultK, 8.0 / CoverageDensity.DefaultK);
        // Other scenes far from every real one (a constant grey frame): no real ball holds them.
        using var far = Split();
        far.Data.Images.fill_(0.9);
        Assert.Equal(0.0, S2IQualityEvaluator.OnSplit(models, "s2i-c", split, "tiny", seed: 4, reference: far).CoverageReference!.Coverage);
    }

    [Fact]
    public void CoverageAcrossPiecesIsMeasuredWhereEveryFrameHasEnoughFramesOfOtherPieces()
    {
        using var split = Split(piecesPerInstrument: 3);
        var q = S2IQualityEvaluator.OnSplit(models, "s2i-c", split, "tiny", seed: 4, reference: split);
        Assert.Empty(q.Notes);
        Assert.All(q.CoverageAcrossPieces!.PerInstrument, c => Assert.Equal((12, 12), (c.RealN, c.GeneratedN)));
        Assert.InRange(q.CoverageAcrossPieces.Coverage, 0, 1);
        // A ball across pieces is never narrower than the plain one (the k-th nearest of a subset is no nearer): never less coverage.
        Assert.True(q.CoverageAcrossPieces.Coverage >= q.Coverage.Coverage);
        // The real scenes as their own reference: every ball holds its own scene.
        Assert.Equal(1.0, q.CoverageAcrossPiecesReference!.Coverage);
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
        Assert.Equal(128, q.SecondJudge!.Result.N); // every one of the 8 sounds per image
        Assert.InRange(q.SecondJudge.Refused!.Value, 0, 1);
    }

    [Fact]
    public void MissingJudgesAreNotedNotFaked()
    {
        using var bare = ModelSet.Open(TinyModelSet.Create(dir.Sub("bare")));
        using var split = Split();
        var q = S2IQualityEvaluator.OnSplit(bare, "s2i-c", split, "tiny", seed: 4);
        Assert.Null(q.SecondJudge);
        Assert.Contains(q.Notes, n => n.Contains("judge-image"));
        Assert.Contains(I2SQualityEvaluator.OnSplit(bare, split, "tiny", seed: 4).Notes, n => n.Contains("judge-sound"));
    }

    [Fact]
    public void ARefusalCountsAsAWrongLabel()
    {
        // Truth cello, cello, flute, flute; the judge says cello, refused, refused, flute.
        var (r, refused) = RefusingJudgeScore.Of("t", "s", [1, 1, 4, 4], [1, 13, 13, 4], 13);
        Assert.Equal(0.5, r.Accuracy);
        Assert.Equal(4, r.N);
        Assert.Equal(0.5, refused);
        Assert.Equal([0.5, 0.5], r.PerInstrument.Select(p => p.Accuracy));
        Assert.Equal(2, r.Confusion.Sum(row => row.Sum())); // only the labels it gave
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
