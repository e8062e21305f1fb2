using TorchSharp;

namespace CrossModal.Core.Tests;

public class TorchSmokeTests
{
    [Fact]
    public void LibTorchLoadsAndMultiplies()
    {
        using var a = torch.ones(2, 3);
        using var b = torch.ones(3, 4);
        using var c = torch.matmul(a, b);
        Assert.Equal(3f, c[0, 0].item<float>());
    }
}
