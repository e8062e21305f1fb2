using CrossModal.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Training;

public class BestEpochSnapshotTests
{
    static float[] State(nn.Module m) => m.state_dict().Values.SelectMany(t => t.detach().cpu().to_type(ScalarType.Float32).data<float>().ToArray()).ToArray();

    /// <summary>Moves every weight and the batch-norm running mean, as one epoch of training would.</summary>
    static void Perturb(nn.Module<Tensor, Tensor> net, float by)
    {
        using (no_grad()) foreach (var p in net.parameters()) p.add_(by);
        net.train();
        using var x = randn(8, 4);
        net.call(x).Dispose();
    }

    [Fact]
    public void RestoreBringsBackTheHighestScoringEpochWeightsAndBuffers()
    {
        manual_seed(5);
        var net = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3));
        using var best = new BestEpochSnapshot(net);

        Perturb(net, 0.1f); best.Offer(1, 0.40);
        Perturb(net, 0.1f); best.Offer(2, 0.75);
        var atEpoch2 = State(net);
        Perturb(net, 0.1f); best.Offer(3, 0.60);
        Perturb(net, 0.1f); best.Offer(4, 0.75);   // a tie keeps the earlier epoch
        Assert.NotEqual(atEpoch2, State(net));

        best.Restore();

        Assert.Equal(2, best.Epoch);
        Assert.Equal(0.75, best.Score);
        Assert.Equal(atEpoch2, State(net));
    }

    [Fact]
    public void NaNScoresAreNeverChosenAndRestoreWithoutAnOfferFails()
    {
        var net = nn.Linear(2, 2);
        using var best = new BestEpochSnapshot(net);
        best.Offer(1, double.NaN);
        Assert.Null(best.Epoch);
        Assert.Throws<InvalidOperationException>(best.Restore);
    }
}
