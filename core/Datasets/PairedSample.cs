namespace CrossModal.Core.Datasets;

/// <summary>One image/sound pair of a dataset.</summary>
/// <param name="Name">The pair's name, e.g. <c>cello01_1400</c> (Sub-URMP layout) or the image's file stem.</param>
/// <param name="Label">The class: an instrument for Sub-URMP-style datasets, any category for INIS-style ones.</param>
/// <param name="LabelIndex">The class index: <see cref="Instruments"/> order for instruments, else the dataset's own label order.</param>
/// <param name="Video">The source video (piece) number, where the name carries one.</param>
/// <param name="StartMs">Where the sound starts in its source, in milliseconds.</param>
/// <param name="SoundSpan">Null: the whole WAV file is the sound; else the stretch of it that is.</param>
/// <param name="Metadata">Extra per-pair columns from pairs.csv (column name → raw text), e.g. midi_pitch, pose_*.</param>
public sealed record PairedSample(
    string Name,
    DatasetSplit Split,
    string Label,
    int LabelIndex,
    int? Video,
    int? StartMs,
    string ImagePath,
    string SoundPath,
    SoundSpan? SoundSpan,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Identifies the source video across splits (e.g. "cello01"), or null when unknown.</summary>
    public string? VideoId => Video is int v ? $"{Label}{v:D2}" : null;

    public static IReadOnlyDictionary<string, string> NoMetadata { get; } = new Dictionary<string, string>();
}
