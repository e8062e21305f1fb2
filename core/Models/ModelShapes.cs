using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Models;

/// <summary>Input checks shared by the networks: a wrong shape is the caller's error, named precisely.</summary>
internal static class ModelShapes
{
    public static void Expect(Tensor x, string network, params long[] shapeWithoutBatch)
    {
        var s = x.shape;
        var ok = s.Length == shapeWithoutBatch.Length + 1 && s[0] > 0;
        for (var i = 0; ok && i < shapeWithoutBatch.Length; i++) ok = shapeWithoutBatch[i] < 0 || s[i + 1] == shapeWithoutBatch[i];
        if (!ok)
            throw new InvalidInputException(
                $"{network} expects input [N,{string.Join(",", shapeWithoutBatch.Select(d => d < 0 ? "*" : d.ToString()))}], got [{string.Join(",", s)}]");
    }
}

/// <summary>Size of a network, for manifests, reports and docs/MODELS.md.</summary>
public static class ModelSize
{
    public static long ParameterCount(nn.Module module) => module.parameters().Sum(p => p.numel());
}
