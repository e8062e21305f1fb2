using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>
/// Keeps a copy of a module's weights and buffers from the epoch with the highest score offered so far, so a run can
/// end on its best epoch rather than its last. Ties keep the earlier epoch. The copies live outside any dispose scope
/// and are freed on <see cref="Dispose"/>.
/// </summary>
public sealed class BestEpochSnapshot(nn.Module module) : IDisposable
{
    Dictionary<string, Tensor>? copy;

    public int? Epoch { get; private set; }
    public double Score { get; private set; } = double.NegativeInfinity;

    /// <summary>Copies the module's state if <paramref name="score"/> beats every earlier offer.</summary>
    public void Offer(int epoch, double score)
    {
        if (double.IsNaN(score) || score <= Score) return;
        Free();
        using (no_grad())
            copy = module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope());
        (Epoch, Score) = (epoch, score);
    }

    /// <summary>Puts the best epoch's weights and buffers back into the module.</summary>
    public void Restore()
    {
        if (copy is null) throw new InvalidOperationException("no epoch has been offered");
        using (no_grad())
            foreach (var (name, value) in module.state_dict())
                value.copy_(copy[name]);
    }

    public void Dispose() => Free();

    void Free()
    {
        if (copy is null) return;
        foreach (var t in copy.Values) t.Dispose();
        copy = null;
    }
}
