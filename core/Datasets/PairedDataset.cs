namespace CrossModal.Core.Datasets;

/// <summary>A dataset as read from disk: its pairs, its classes, what was left out, and its manifest if any.</summary>
/// <param name="Labels">The classes in LabelIndex order.</param>
public sealed record PairedDataset(
    string Root,
    IReadOnlyList<string> Labels,
    IReadOnlyList<PairedSample> Samples,
    DatasetReport Report,
    DatasetManifest? Manifest)
{
    public IEnumerable<PairedSample> InSplit(DatasetSplit split) => Samples.Where(s => s.Split == split);
}
