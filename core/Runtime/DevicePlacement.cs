using TorchSharp;

namespace CrossModal.Core.Runtime;

/// <summary>
/// Where a model set computes: every module it loads and every tensor an inference makes go to <see cref="Device"/>,
/// and results come back to the CPU before they are read out (PNG, WAV, embeddings). On the CPU nothing moves, so the
/// CPU path is exactly what it was before device placement existed. Moves go through an <see cref="IDeviceTransfer"/>
/// (libtorch's, unless a test records them).
/// </summary>
public sealed class DevicePlacement(torch.Device device, IDeviceTransfer? transfer = null)
{
    readonly IDeviceTransfer transfer = transfer ?? TorchDeviceTransfer.Instance;

    /// <summary>Everything on the CPU: what the CLI, the evaluators and the CPU services use.</summary>
    public static DevicePlacement Cpu { get; } = new(torch.CPU);

    public torch.Device Device { get; } = device;

    /// <summary>Whether anything moves at all (the device is not the CPU).</summary>
    public bool Moves => Device.type != DeviceType.CPU;

    /// <summary>A module just loaded, moved to the device.</summary>
    public T Module<T>(T module) where T : torch.nn.Module
    {
        if (Moves) transfer.Move(module, Device);
        return module;
    }

    /// <summary>A tensor made on the CPU for an inference (input, noise), on the device.</summary>
    public torch.Tensor Input(torch.Tensor tensor) => Moves ? transfer.Move(tensor, Device) : tensor;

    /// <summary>A result of an inference, back on the CPU to be read out.</summary>
    public torch.Tensor Output(torch.Tensor tensor) => Moves ? transfer.Move(tensor, torch.CPU) : tensor;
}
