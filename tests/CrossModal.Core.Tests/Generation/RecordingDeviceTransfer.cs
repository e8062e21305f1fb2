using CrossModal.Core.Runtime;
using TorchSharp;

namespace CrossModal.Core.Tests.Generation;

/// <summary>
/// Records where each module and tensor is sent instead of sending it (this machine has no CUDA build of libtorch):
/// the computation stays on the CPU, the record says where it would have run. With <see cref="ZeroResults"/>, a tensor
/// sent back to the CPU comes back as zeros, so a test can see that what a caller reads out is what came back.
/// </summary>
internal sealed class RecordingDeviceTransfer : IDeviceTransfer
{
    public sealed record ModuleMove(torch.nn.Module Module, DeviceType To);
    public sealed record TensorMove(long[] Shape, DeviceType To);

    readonly List<ModuleMove> modules = [];
    readonly List<TensorMove> tensors = [];

    public bool ZeroResults { get; init; }
    public IReadOnlyList<ModuleMove> Modules => modules;
    public IReadOnlyList<TensorMove> Tensors => tensors;

    public void Move(torch.nn.Module module, torch.Device device) => modules.Add(new ModuleMove(module, device.type));

    public torch.Tensor Move(torch.Tensor tensor, torch.Device device)
    {
        tensors.Add(new TensorMove(tensor.shape, device.type));
        return ZeroResults && device.type == DeviceType.CPU ? torch.zeros_like(tensor) : tensor;
    }

    public void Clear()
    {
        modules.Clear();
        tensors.Clear();
    }
}
