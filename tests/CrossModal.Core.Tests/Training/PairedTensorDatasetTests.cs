using CrossModal.Core.Models;
using CrossModal.Core.Tests.Models;
using CrossModal.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Training;

public class PairedTensorDatasetTests
{
    private static PairedTensorDataset Data() =>
        new(randn(4, 1, 128, 44), rand(4, 3, 64, 64), [0, 1, 0, 2], [5, 6, 7, 8], randn(4, 3));

    [Fact]
    public void OfClassSelectsOnePoseOrientedSubset()
    {
        using var ds = Data();
        using var cello = ds.OfClass(0);
        Assert.Equal(2, cello.Count);
        Assert.Equal([5, 7], cello.PieceIds);
        Assert.True(cello.Sounds[1].Equals(ds.Sounds[2]));
        Assert.Equal([2L, 3], cello.Pose!.shape);
        Assert.Throws<InvalidInputException>(() => ds.OfClass(9));
    }

    [Fact]
    public void InconsistentOrNonFiniteDataIsRefused()
    {
        Assert.Throws<InvalidInputException>(() => new PairedTensorDataset(randn(3, 1, 128, 44), rand(4, 3, 64, 64), [0, 1, 0, 2], [5, 6, 7, 8]));
        Assert.Throws<InvalidInputException>(() => new PairedTensorDataset(randn(4, 1, 128, 44), rand(4, 3, 32, 32), [0, 1, 0, 2], [5, 6, 7, 8]));
        Assert.Throws<InvalidInputException>(() => new PairedTensorDataset(randn(4, 1, 128, 44), rand(4, 3, 64, 64), [0, 1, 0, 2], [5, 6, 7]));
        var sounds = randn(4, 1, 128, 44);
        sounds[2, 0, 5, 5] = tensor(float.PositiveInfinity);
        Assert.Contains("sound features", Assert.Throws<InvalidInputException>(() => new PairedTensorDataset(sounds, rand(4, 3, 64, 64), [0, 1, 0, 2], [5, 6, 7, 8])).Message);
    }

    [Fact]
    public void ConditionsAreEmbeddedInEvalMode()
    {
        using var ds = Data();
        using var encoder = new SoundClassifier(TinyConfigs.Sound());
        encoder.train();
        // Move the running statistics away from their initial values so train- and eval-mode outputs differ.
        using (no_grad()) { using var _ = encoder.call(ds.Sounds * 3 + 1); }
        using var data = GanTrainingData.ForSoundToImage(ds, encoder, batchSize: 3);
        encoder.eval();
        using (no_grad())
        {
            using var expected = encoder.Embed(ds.Sounds);
            Assert.True(data.Conditions.allclose(expected, rtol: 1e-4, atol: 1e-5));
        }
    }
}
