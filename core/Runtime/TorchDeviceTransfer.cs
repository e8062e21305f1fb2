using TorchSharp;

namespace CrossModal.Core.Runtime;

/// <summary>Moves modules and tensors with libtorch (<c>Module.to</c>, <c>Tensor.to</c>).</summary>
public sealed class TorchDeviceTransfer : IDeviceTransfer
{
    public static TorchDeviceTransfer Instance { get; } = new();

    TorchDeviceTransfer() { }

    public void Move(torch.nn.Module module, torch.Device device) => module.to(device);

    public torch.Tensor Move(torch.Tensor tensor, torch.Device device) => tensor.to(device);
}
