using CrossModal.Core.Audio;
using CrossModal.Core.Datasets;
using CrossModal.Core.Evaluation;
using CrossModal.Core.Generation;
using CrossModal.Core.Tests.Training;
using CrossModal.Domain;

namespace CrossModal.Core.Tests.Generation;

public sealed class EvaluatorTests : IDisposable
{
    readonly TempDir dir = new();
    readonly ModelSet models;
    static readonly string[] Two = ["cello", "flute"];

    public EvaluatorTests() => models = ModelSet.Open(TinyModelSet.Create(dir.Sub("models")));

    public void Dispose()
    {
        models.Dispose();
        dir.Dispose();
    }

    [Fact]
    public void ResultCountsAccuracyPerInstrumentAndConfusionRight()
    {
        // cello (1) x3: right, right, wrong (→ flute 4); flute (4) x1: wrong (→ violin 12).
        var r = EvaluationResult.From("t", "s", [1, 1, 1, 4], [1, 1, 4, 12]);
        Assert.Equal(0.5, r.Accuracy);
        Assert.Equal(4, r.N);
        Assert.Equal(13, r.Confusion.Length);
        Assert.All(r.Confusion, row => Assert.Equal(13, row.Length));
        Assert.Equal(2, r.Confusion[1][1]);
        Assert.Equal(1, r.Confusion[1][4]);
        Assert.Equal(1, r.Confusion[4][12]);
        Assert.Equal(4, r.Confusion.Sum(row => row.Sum()));
        Assert.Equal([("cello", 3), ("flute", 1)], r.PerInstrument.Select(p => (p.Instrument, p.N)));
        Assert.Equal(2.0 / 3, r.PerInstrument[0].Accuracy, 12);
        Assert.Equal(0, r.PerInstrument[1].Accuracy);
    }

    [Fact]
    public void SoundFolderIsJudgedPerFileOverEveryAudibleChunk()
    {
        var root = TinyModelSet.SoundFolder(dir.Sub("audio"), Two, 2);
        // A 1.6 s file at 44.1 kHz with a silent middle: 3 chunks, 2 audible.
        var loud = TinyModelSet.Sine(1, 9, 44_100, 0.5);
        WavCodec.WriteFile16(Path.Combine(root, "cello", "long.wav"), [.. loud, .. new float[22_050], .. loud, .. new float[3000]], 44_100);
        var r = SoundClassifierEvaluator.OnFolder(models, root);
        Assert.Equal(5, r.N);
        Assert.Equal(6, r.Chunks); // 4 short files of one chunk each + 2 audible chunks of the long one
        Assert.Equal(5, r.Confusion.Sum(row => row.Sum()));
        Assert.Equal(3, r.Confusion[Instruments.IndexOf("cello")].Sum());
        Assert.InRange(r.Accuracy, 0, 1);
    }

    [Fact]
    public void FolderErrorsNameTheProblem()
    {
        var root = TinyModelSet.SoundFolder(dir.Sub("audio"), Two, 1);
        WavCodec.WriteFile16(Path.Combine(root, "flute", "quiet.wav"), new float[30_000], 44_100);
        var silent = Assert.Throws<InvalidInputException>(() => SoundClassifierEvaluator.OnFolder(models, root));
        Assert.Contains("quiet.wav", silent.Message);
        Directory.CreateDirectory(dir.Sub("empty/cello"));
        Assert.Throws<InvalidInputException>(() => SoundClassifierEvaluator.OnFolder(models, dir.Sub("empty")));
        Directory.CreateDirectory(dir.Sub("odd/kazoo"));
        Assert.Contains("kazoo", Assert.Throws<InvalidInputException>(() => LabelledFolder.Sounds(dir.Sub("odd"))).Message);
        var images = TinyModelSet.ImageFolder(dir.Sub("img"), Two, 1);
        File.WriteAllText(Path.Combine(images, "cello", "broken.png"), "no");
        Assert.Contains("broken.png", Assert.Throws<InvalidInputException>(() => ImageClassifierEvaluator.OnFolder(models, images)).Message);
    }

    [Fact]
    public void GenerationEvaluatorsReportAccuracyFidAndDiversity()
    {
        // Dataset-like layout so that the real samples of the other modality are found beside the root.
        var audio = TinyModelSet.SoundFolder(dir.Sub("data/chunk/validation"), Two, 3);
        var images = TinyModelSet.ImageFolder(dir.Sub("data/img/validation"), Two, 3);
        var s2i = S2IEvaluator.OnFolder(models, "s2i-c", audio, null, seed: 3);
        Assert.Equal(6, s2i.N);
        Assert.Equal(6, s2i.Confusion.Sum(row => row.Sum()));
        Assert.NotNull(s2i.Fid);
        Assert.True(s2i.Fid >= 0);
        Assert.Equal(6, s2i.FidRealN);
        Assert.InRange(s2i.DiversityMarginalEntropy!.Value, 0, Math.Log(13) + 1e-9);
        Assert.Equal(s2i.Accuracy, S2IEvaluator.OnFolder(models, "s2i-c", audio, null, seed: 3).Accuracy); // seeded

        var i2s = I2SEvaluator.OnFolder(models, images, null, seed: 3);
        Assert.Equal(6, i2s.N);
        Assert.NotNull(i2s.Fid);

        var noReference = S2IEvaluator.OnFolder(models, "s2i-a", TinyModelSet.SoundFolder(dir.Sub("loose"), Two, 1), null, 1);
        Assert.Null(noReference.Fid);
        Assert.NotNull(noReference.FidNote);
    }
}
