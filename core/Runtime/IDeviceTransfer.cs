using TorchSharp;

namespace CrossModal.Core.Runtime;

/// <summary>
/// The one place a module or a tensor is sent to a device. <see cref="DevicePlacement"/> decides what goes where;
/// this only carries it out. An interface so that tests, on a machine without CUDA, can record where everything
/// would go (a recording transfer) while the production one (<see cref="TorchDeviceTransfer"/>) really moves it.
/// </summary>
public interface IDeviceTransfer
{
    /// <summary>Moves the module's parameters and buffers to <paramref name="device"/>.</summary>
    void Move(torch.nn.Module module, torch.Device device);

    /// <summary>The tensor on <paramref name="device"/> (a new tensor in the caller's dispose scope, or the same one).</summary>
    torch.Tensor Move(torch.Tensor tensor, torch.Device device);
}
