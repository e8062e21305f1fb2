namespace CrossModal.Core.Datasets;

/// <summary>One item left out, with the reason and a one-line detail for the user.</summary>
public sealed record SkippedItem(string Path, SkipReason Reason, string Detail);

/// <summary>
/// What reading or building a dataset left out and why, plus notes (warnings that did not stop anything,
/// e.g. a video present in both splits). Readers never silently drop data: everything not in the dataset is here.
/// </summary>
public sealed class DatasetReport
{
    readonly List<SkippedItem> skipped = [];
    readonly List<string> notes = [];

    public IReadOnlyList<SkippedItem> Skipped => skipped;
    public IReadOnlyList<string> Notes => notes;

    public void Skip(string path, SkipReason reason, string detail) => skipped.Add(new SkippedItem(path, reason, detail));

    public void Note(string note) => notes.Add(note);

    public int Count(SkipReason reason) => skipped.Count(s => s.Reason == reason);

    /// <summary>Counts per reason, only reasons that occurred, in enum order.</summary>
    public IReadOnlyDictionary<SkipReason, int> CountsByReason() =>
        skipped.GroupBy(s => s.Reason).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());
}
