namespace CrossModal.Core.Datasets;

/// <summary>The two splits of every paired dataset; their folder names are part of the on-disk layout.</summary>
public enum DatasetSplit
{
    Train,
    Validation,
}

public static class DatasetSplits
{
    public static IReadOnlyList<DatasetSplit> All { get; } = [DatasetSplit.Train, DatasetSplit.Validation];

    public static string FolderName(this DatasetSplit split) => split == DatasetSplit.Train ? "train" : "validation";

    public static bool TryParseFolder(string folder, out DatasetSplit split)
    {
        foreach (var s in All)
            if (s.FolderName() == folder) { split = s; return true; }
        split = default;
        return false;
    }
}
