using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Tests.Models;
using CrossModal.Core.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Training;

/// <summary>
/// The periodic check of the fast kernels against the reference kernels (<see cref="KernelCrossCheck"/>). Serial: it
/// switches libtorch's process-wide kernel choice, and these tests switch the check itself on and off.
/// </summary>
[Collection(SerialTrainingCollection.Name)]
public sealed class KernelCrossCheckTests : IDisposable
{
    readonly bool oneDnnBefore = LibTorchContext.OneDnn;

    public KernelCrossCheckTests()
    {
        TorchRuntime.UsePolicy(OneDnnPolicy.Auto);
        LibTorchContext.OneDnn = true;
        KernelCrossCheck.Enabled = true;
        KernelCrossCheck.Interval = 1;
    }

    public void Dispose()
    {
        KernelCrossCheck.Enabled = false;
        KernelCrossCheck.Interval = KernelCrossCheck.DefaultInterval;
        TorchRuntime.UsePolicy(OneDnnPolicy.Off);   // this test host's policy (TestHostSetup)
        LibTorchContext.OneDnn = oneDnnBefore;
    }

    static nn.Module<Tensor, Tensor> Net()
    {
        manual_seed(3);
        return nn.Sequential(nn.Conv2d(2, 4, 3, padding: 1), nn.BatchNorm2d(4), nn.ReLU(), nn.Dropout(0.5), nn.Flatten(), nn.Linear(4 * 6 * 6, 1));
    }

    static float[] State(nn.Module m) =>
        m.parameters().Concat(m.buffers().Where(b => b.is_floating_point())).SelectMany(p => p.detach().data<float>().ToArray()).ToArray();

    static double Update(nn.Module<Tensor, Tensor> net, Tensor x, Func<Tensor, Tensor>? distort = null)
    {
        net.train();
        using var opt = optim.Adam(net.parameters(), 0.01);
        manual_seed(5);
        return GuardedUpdate.Run("cross-check test", 1, 1, opt, net, [net], _ =>
        {
            var loss = net.call(x).square().mean();
            return distort is null ? loss : distort(loss);
        });
    }

    [Fact]
    public void ACheckedUpdateChangesNothingWhenTheKernelsAgree()
    {
        using var x = randn(6, 2, 6, 6);
        KernelCrossCheck.Enabled = false;
        var unchecked_ = Net();
        var expected = Update(unchecked_, x);

        KernelCrossCheck.Enabled = true;
        var checkedNet = Net();
        var (checksBefore, faultsBefore) = (KernelCrossCheck.Checks, KernelCrossCheck.Faults);
        var actual = Update(checkedNet, x);

        Assert.Equal(checksBefore + 1, KernelCrossCheck.Checks);
        Assert.Equal(faultsBefore, KernelCrossCheck.Faults);   // dropout replayed with the same mask: no false alarm
        Assert.True(LibTorchContext.OneDnn);
        Assert.Equal(expected, actual);
        Assert.Equal(State(unchecked_), State(checkedNet));    // weights, running statistics: as if unchecked
    }

    [Fact]
    public void AFiniteWrongFastResultTurnsOneDnnOffAndTheUpdateUsesTheReference()
    {
        using var x = randn(6, 2, 6, 6);
        KernelCrossCheck.Enabled = false;
        LibTorchContext.OneDnn = false;
        var reference = Net();
        Update(reference, x);

        KernelCrossCheck.Enabled = true;
        LibTorchContext.OneDnn = true;
        var faultsBefore = KernelCrossCheck.Faults;
        var net = Net();
        // A stand-in for a wrong kernel: the loss is 10 % off whenever oneDNN is on. Finite, so only the cross-check sees it.
        Update(net, x, loss => LibTorchContext.OneDnn ? loss * 1.1 : loss);

        Assert.Equal(faultsBefore + 1, KernelCrossCheck.Faults);
        Assert.False(LibTorchContext.OneDnn);
        Assert.Contains("cross-check test at epoch 1, step 1: loss", KernelCrossCheck.LastFault);
        Assert.Equal(State(reference), State(net));              // the applied update is the reference one
    }

    [Fact]
    public void AGanTrainsWithEveryUpdateCheckedAndNoFault()
    {
        var g = new Generator(42);
        using var data = new GanTrainingData(randn([8, 128], generator: g), rand([8, 3, 64, 64], generator: g) * 2 - 1,
            [0, 0, 1, 1, 2, 2, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8]);
        manual_seed(1);
        var (generator, discriminator) = (new S2IGenerator(TinyConfigs.Gan), new S2IDiscriminator(TinyConfigs.Gan, 4));
        var (checksBefore, faultsBefore) = (KernelCrossCheck.Checks, KernelCrossCheck.Faults);

        new GanTrainer(generator, discriminator, new GanTrainingOptions { Epochs = 1, BatchSize = 4, Seed = 7, AuxiliaryClassWeight = 1 }).Train(data);

        Assert.Contains("gan: oneDNN on (the self-check found oneDNN right", FastKernels.LastDecision);
        Assert.Equal(checksBefore + 2, KernelCrossCheck.Checks);  // 2 steps x D (G's update reuses D's sample)
        Assert.Equal(faultsBefore, KernelCrossCheck.Faults);
    }
}
