using static TorchSharp.torch;

namespace CrossModal.Core.Recipes;

internal static class TensorRows
{
    /// <summary>The rows <paramref name="rows"/> of <paramref name="t"/> (first dimension), as a new tensor on its device.</summary>
    public static Tensor Of(Tensor t, int[] rows)
    {
        using var idx = tensor(rows.Select(i => (long)i).ToArray(), device: t.device);
        return t.index_select(0, idx);
    }
}
