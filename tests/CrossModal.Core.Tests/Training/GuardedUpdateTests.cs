using CrossModal.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Training;

public class GuardedUpdateTests
{
    /// <summary>A linear layer with batch norm: weights an optimiser moves, and running statistics a forward pass moves.</summary>
    static nn.Module<Tensor, Tensor> Net()
    {
        manual_seed(3);
        return nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3));
    }

    static float[] Weights(nn.Module m) => m.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray();
    static float[] RunningMean(nn.Module m) => m.buffers().First().data<float>().ToArray();

    [Fact]
    public void ANonFiniteAttemptChangesNothingAndTheNextAttemptIsApplied()
    {
        var net = Net();
        net.train();
        using var opt = optim.Adam(net.parameters(), 0.01);
        using var x = randn(8, 4);
        var weights = Weights(net);
        var before = GuardedUpdate.RetriedUpdates;
        float[]? meanAfterFailedAttempt = null;

        var loss = GuardedUpdate.Run("test", 1, 1, opt, net, [net], attempt =>
        {
            if (attempt == 2) meanAfterFailedAttempt = RunningMean(net);
            var y = net.call(x).square().mean();
            return attempt == 1 ? y * float.NaN : y;   // the first attempt's forward still moved the running mean
        });

        Assert.True(double.IsFinite(loss));
        Assert.Equal(new float[3], meanAfterFailedAttempt);          // restored: BatchNorm starts from zeros
        Assert.NotEqual(weights, Weights(net));                       // the second attempt was applied
        Assert.Equal(before + 1, GuardedUpdate.RetriedUpdates);
    }

    [Fact]
    public void NonFiniteGradientsAreNotApplied()
    {
        var net = Net();
        using var opt = optim.Adam(net.parameters(), 0.01);
        using var x = randn(8, 4);
        var weights = Weights(net);
        var ex = Assert.Throws<TrainingDivergedException>(() => GuardedUpdate.Run("test", 2, 5, opt, net, [net], _ =>
        {
            // A finite loss whose gradient is NaN: sqrt at 0 has an infinite slope, times 0 gives NaN.
            var y = net.call(x).mean();
            return (y * 0).sqrt() + y.detach();
        }));
        Assert.Contains("gradients became non-finite at epoch 2, step 5 in 3 attempts", ex.Message);
        Assert.Equal(weights, Weights(net));
    }

    [Fact]
    public void ALossThatStaysNonFiniteStopsTraining()
    {
        var net = Net();
        using var opt = optim.Adam(net.parameters(), 0.01);
        using var x = randn(8, 4);
        var weights = Weights(net);
        var attempts = 0;
        var ex = Assert.Throws<TrainingDivergedException>(() => GuardedUpdate.Run("discriminator", 1, 3, opt, net, [net], _ =>
        {
            attempts++;
            return net.call(x).mean() * float.PositiveInfinity * 0;
        }));
        Assert.Equal(GuardedUpdate.Attempts, attempts);
        Assert.Contains("discriminator loss became NaN at epoch 1, step 3", ex.Message);
        Assert.Equal(weights, Weights(net));
    }
}
