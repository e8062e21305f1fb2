using CrossModal.Core.Training;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Training;

public class ModeSeekingLossTests
{
    [Fact]
    public void LossIsInverseOfImageDistancePerNoiseDistance()
    {
        // Images: |a − b| = 0.2, 0.4, 0, 0.6 → mean 0.3. Noise: |z1 − z2| = 1, 3 → mean 2. Ratio 0.15.
        using var a = tensor(new[] { 0.1, 0.2, 0.3, 0.4 }, [2, 1, 2]);
        using var b = tensor(new[] { 0.3, -0.2, 0.3, -0.2 }, [2, 1, 2]);
        using var z1 = tensor(new[] { 0.0, 1.0 }, [2, 1]);
        using var z2 = tensor(new[] { 1.0, -2.0 }, [2, 1]);
        using var loss = ModeSeekingLoss.Compute(a, b, z1, z2);
        Assert.Equal(1 / (0.15 + 1e-5), loss.item<double>(), 6);
    }

    [Fact]
    public void IdenticalSamplesForDifferentNoiseCostOneOverEpsilon()
    {
        using var a = ones(2, 3, 4, 4);
        using var z1 = zeros(2, 8);
        using var z2 = ones(2, 8);
        using var loss = ModeSeekingLoss.Compute(a, a, z1, z2, epsilon: 1e-3);
        Assert.Equal(1000.0, loss.item<float>(), 2);
    }

    [Fact]
    public void GradientPushesTheSamplesApart()
    {
        using var a = tensor(new[] { 0.0, 0.0 }, [1, 2]).requires_grad_();
        using var b = tensor(new[] { 0.5, -0.5 }, [1, 2]);
        using var z1 = zeros(1, 1);
        using var z2 = ones(1, 1);
        using var loss = ModeSeekingLoss.Compute(a, b, z1, z2);
        loss.backward();
        // d/da 1/(mean|a − b| + ε) = −sign(a − b) / (2 (r + ε)²): descent moves a away from b.
        var r = 0.5 + 1e-5;
        var g = a.grad!.data<double>().ToArray();
        Assert.Equal(1 / (2 * r * r), g[0], 8);
        Assert.Equal(-1 / (2 * r * r), g[1], 8);
    }

    [Fact]
    public void MismatchedShapesAreRefused()
    {
        using var a = zeros(2, 3);
        using var b = zeros(3, 3);
        using var z = zeros(2, 4);
        Assert.Throws<InvalidInputException>(() => ModeSeekingLoss.Compute(a, b, z, z));
        Assert.Throws<InvalidInputException>(() => ModeSeekingLoss.Compute(a, a, z, z, epsilon: 0));
    }
}
