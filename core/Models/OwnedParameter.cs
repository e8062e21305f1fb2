using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CrossModal.Core.Models;

/// <summary>
/// A parameter for a module written here, copied from a tensor and owned by the module, not by a dispose scope the caller
/// may have open while it builds the network (a built-in layer's parameters are not in one either): a parameter freed
/// with the caller's scope is a use-after-free that gives wrong numbers, not an error.
/// </summary>
internal static class OwnedParameter
{
    public static Parameter CopyOf(Tensor initial)
    {
        var parameter = nn.Parameter(initial.detach().clone());
        parameter.DetachFromDisposeScope();
        return parameter;
    }
}
