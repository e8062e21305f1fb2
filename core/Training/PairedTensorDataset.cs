using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>
/// A paired dataset held in memory as tensors: sound features [N,1,H,W] (LMS in dB, 128x44 for a 0.5 s chunk),
/// images [N,3,64,64] in [-1,1], instrument class per pair, piece (video) id per pair, and optional pose
/// parameters [N,k]. The dataset owns its tensors. Readers of the on-disk layouts build it.
/// </summary>
public sealed class PairedTensorDataset : IDisposable
{
    public PairedTensorDataset(Tensor sounds, Tensor images, int[] labels, int[] pieceIds, Tensor? pose = null)
    {
        var n = labels.Length;
        if (n == 0) throw new InvalidInputException("paired dataset is empty");
        if (sounds.dim() != 4 || sounds.shape[1] != 1 || sounds.shape[0] != n)
            throw new InvalidInputException($"sound features must be [{n},1,H,W], got [{string.Join(",", sounds.shape)}]");
        if (images.dim() != 4 || images.shape[0] != n || images.shape[1] != 3 || images.shape[2] != 64 || images.shape[3] != 64)
            throw new InvalidInputException($"images must be [{n},3,64,64], got [{string.Join(",", images.shape)}]");
        if (pieceIds.Length != n) throw new InvalidInputException($"{n} labels but {pieceIds.Length} piece ids");
        if (pose is not null && (pose.dim() != 2 || pose.shape[0] != n))
            throw new InvalidInputException($"pose must be [{n},k], got [{string.Join(",", pose.shape)}]");
        if (labels.Any(l => l < 0)) throw new InvalidInputException("labels must be non-negative class indices");
        RequireFinite(sounds, "sound features");
        RequireFinite(images, "images");
        if (pose is not null) RequireFinite(pose, "pose");
        Sounds = sounds; Images = images; Labels = labels; PieceIds = pieceIds; Pose = pose;
    }

    public Tensor Sounds { get; }
    public Tensor Images { get; }
    public int[] Labels { get; }
    public int[] PieceIds { get; }
    public Tensor? Pose { get; }
    public int Count => Labels.Length;

    /// <summary>A new dataset with copies of the selected rows (e.g. one instrument for a pose-oriented model).</summary>
    public PairedTensorDataset Subset(IReadOnlyList<int> indices)
    {
        if (indices.Count == 0) throw new InvalidInputException("subset selects no pairs");
        if (indices.Any(i => i < 0 || i >= Count)) throw new InvalidInputException($"subset index out of range 0..{Count - 1}");
        using var idx = tensor(indices.Select(i => (long)i).ToArray(), device: Sounds.device);
        return new PairedTensorDataset(
            Sounds.index_select(0, idx), Images.index_select(0, idx),
            indices.Select(i => Labels[i]).ToArray(), indices.Select(i => PieceIds[i]).ToArray(),
            Pose?.index_select(0, idx));
    }

    /// <summary>The pairs of one instrument class.</summary>
    public PairedTensorDataset OfClass(int label)
    {
        var idx = Enumerable.Range(0, Count).Where(i => Labels[i] == label).ToArray();
        if (idx.Length == 0) throw new InvalidInputException($"the dataset has no pairs of class {label}");
        return Subset(idx);
    }

    internal static void RequireFinite(Tensor t, string what)
    {
        using var finite = isfinite(t).all();
        if (!finite.item<bool>()) throw new InvalidInputException($"{what} contain NaN or infinite values");
    }

    public void Dispose()
    {
        Sounds.Dispose(); Images.Dispose(); Pose?.Dispose();
    }
}
