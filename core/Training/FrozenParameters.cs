using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>
/// Turns off <c>requires_grad</c> on a module's trainable parameters for a scope and restores it on dispose, so a
/// backward pass through the module computes gradients for its inputs only (e.g. G's update through a fixed D).
/// </summary>
public sealed class FrozenParameters : IDisposable
{
    readonly List<TorchSharp.Modules.Parameter> frozen;

    FrozenParameters(List<TorchSharp.Modules.Parameter> frozen) => this.frozen = frozen;

    public static FrozenParameters Of(nn.Module module)
    {
        var trainable = module.parameters().Where(p => p.requires_grad).ToList();
        foreach (var p in trainable) p.requires_grad = false;
        return new FrozenParameters(trainable);
    }

    public void Dispose()
    {
        foreach (var p in frozen) p.requires_grad = true;
    }
}
