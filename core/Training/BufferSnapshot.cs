using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>
/// Copies of modules' buffers (batch norm's running statistics, which a train-mode forward pass moves), written back
/// with <see cref="Restore"/>: what lets an update be attempted again, or computed twice to compare kernels, as if once.
/// </summary>
internal sealed class BufferSnapshot : IDisposable
{
    readonly List<(Tensor Live, Tensor Copy)> pairs;

    BufferSnapshot(List<(Tensor, Tensor)> pairs) => this.pairs = pairs;

    public static BufferSnapshot Of(IEnumerable<nn.Module> modules)
    {
        using var _ = no_grad();
        return new BufferSnapshot(modules.SelectMany(m => m.buffers()).Select(b => (b, b.clone().DetachFromDisposeScope())).ToList());
    }

    public void Restore()
    {
        using var _ = no_grad();
        foreach (var (live, copy) in pairs) live.copy_(copy);
    }

    public void Dispose()
    {
        foreach (var (_, copy) in pairs) copy.Dispose();
    }
}
