using CrossModal.Core.Runtime;
using TorchSharp;

namespace CrossModal.Core.Tests.Runtime;

public class TorchRuntimeTests
{
    [Fact]
    public void InitialiseSetsThreadsAndPicksCpuWhenNoCuda()
    {
        var threads = torch.get_num_threads(); // keep the test host's setting: other tests run in parallel
        var sel = TorchRuntime.Initialise(threads, "auto");
        Assert.Equal(threads, torch.get_num_threads());
        if (!torch.cuda.is_available())
        {
            Assert.Equal(DeviceType.CPU, sel.Device.type);
            Assert.Contains("CUDA not available", sel.Message);
            Assert.Throws<InvalidInputException>(() => TorchRuntime.Initialise(threads, "cuda"));
        }
        Assert.Equal(DeviceType.CPU, TorchRuntime.Initialise(threads, "cpu").Device.type);
    }

    [Theory]
    [InlineData(0, "auto")]
    [InlineData(1, "tpu")]
    public void BadArgumentsAreRefused(int threads, string device) =>
        Assert.Throws<InvalidInputException>(() => TorchRuntime.Initialise(threads, device));

    [Fact]
    public void SeedStreamsAreStableAndIndependent()
    {
        Assert.Equal(Seeding.Derive(1, "shuffle", 3), Seeding.Derive(1, "shuffle", 3));
        Assert.NotEqual(Seeding.Derive(1, "shuffle", 3), Seeding.Derive(1, "shuffle", 4));
        Assert.NotEqual(Seeding.Derive(1, "shuffle", 3), Seeding.Derive(1, "noise", 3));
        Assert.NotEqual(Seeding.Derive(1, "shuffle", 3), Seeding.Derive(2, "shuffle", 3));
        Assert.Equal(Seeding.Stream(5, "x").Next(), Seeding.Stream(5, "x").Next());
    }

    /// <summary>A process starts on the reference kernels unless CROSSMODAL_ONEDNN=1 (see TorchRuntime).</summary>
    [Theory]
    [InlineData(null, OneDnnPolicy.Auto)]
    [InlineData("", OneDnnPolicy.Auto)]
    [InlineData("1", OneDnnPolicy.On)]
    [InlineData("0", OneDnnPolicy.Off)]
    public void TheOneDnnPolicyComesFromTheEnvironment(string? value, OneDnnPolicy expected) =>
        Assert.Equal(expected, TorchRuntime.PolicyFrom(value));
}
