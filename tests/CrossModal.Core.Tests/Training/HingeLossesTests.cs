using CrossModal.Core.Training;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Training;

public class HingeLossesTests
{
    [Fact]
    public void DiscriminatorLossAveragesFakeAndWrongHinges()
    {
        using var real = tensor(new[] { 2.0, 0.5, -1.0 });  // hinges 1 − s: 0, 0.5, 2 → mean 2.5 / 3
        using var fake = tensor(new[] { -3.0, 0.0, 1.0 });  // hinges 1 + s: 0, 1, 2 → mean 1
        using var wrong = tensor(new[] { -0.5, -2.0, 3.0 }); // hinges 1 + s: 0.5, 0, 4 → mean 1.5
        using var loss = HingeLosses.Discriminator(real, fake, wrong);
        Assert.Equal(2.5 / 3 + (1 + 1.5) / 2, loss.item<double>(), 10);
    }

    [Fact]
    public void WithoutWrongPairsTheHingesAreSummed()
    {
        using var real = tensor(new[] { 2.0, 0.5, -1.0 });
        using var fake = tensor(new[] { -3.0, 0.0, 1.0 });
        using var loss = HingeLosses.Discriminator(real, fake, null);
        Assert.Equal(2.5 / 3 + 1, loss.item<double>(), 10);
    }

    [Fact]
    public void ScoresPastTheMarginGiveNoGradient()
    {
        using var real = tensor(new[] { 1.5, 0.5 }).requires_grad_();
        using var fake = tensor(new[] { -1.5, -0.5 }).requires_grad_();
        using var loss = HingeLosses.Discriminator(real, fake, null);
        loss.backward();
        Assert.Equal([0.0, -0.5], real.grad!.data<double>().ToArray());
        Assert.Equal([0.0, 0.5], fake.grad!.data<double>().ToArray());
    }

    [Fact]
    public void GeneratorLossIsMinusTheMeanScore()
    {
        using var fake = tensor(new[] { -3.0, 0.5, 4.0, 1.5 });
        using var loss = HingeLosses.Generator(fake);
        Assert.Equal(-0.75, loss.item<double>(), 10);
    }
}
