using static TorchSharp.torch;

namespace CrossModal.Core.Models;

/// <summary>
/// A generator that can show what its first layer makes of a condition and a noise draw, before any normalisation:
/// the place where z and the condition meet, so the noise share measured there says whether G listens to z.
/// </summary>
public interface IFirstLayerProbe
{
    /// <summary>The first layer's output for conditions [N, E] and noise [N, Z] (pre batch norm), [N, ...].</summary>
    Tensor FirstLayer(Tensor embedding, Tensor z);
}
