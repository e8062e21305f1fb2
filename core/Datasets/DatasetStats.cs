namespace CrossModal.Core.Datasets;

/// <summary>Loudness of the pairs' sounds in dBFS (RMS re full scale), as the −45 dBFS filter measures it.</summary>
/// <param name="Mean">Mean of the finite values (digital silence is −∞ and is counted in Min and AtOrBelowThreshold only).</param>
public sealed record LoudnessSummary(int Count, double Min, double P10, double Median, double P90, double Max, double Mean, int AtOrBelowThreshold);

/// <summary>What a dataset holds, for `crossmodal dataset stats`.</summary>
/// <param name="PairsBySplit">Split folder name → label → pairs.</param>
/// <param name="VideosBySplit">Split folder name → number of distinct source videos (where names carry them).</param>
/// <param name="SoundFormats">e.g. "44100 Hz, 0.500 s" → pairs.</param>
/// <param name="ImageSizes">e.g. "256x256 JPEG" → pairs.</param>
/// <param name="SkippedByReason">What reading the dataset left out, by reason.</param>
/// <param name="BuildSkippedByReason">What the builder left out when it made the dataset (from dataset.json), by reason.</param>
public sealed record DatasetStats(
    string Root,
    int Pairs,
    IReadOnlyList<string> Labels,
    Dictionary<string, Dictionary<string, int>> PairsBySplit,
    Dictionary<string, int> VideosBySplit,
    double TotalSoundSeconds,
    Dictionary<string, int> SoundFormats,
    Dictionary<string, int> ImageSizes,
    LoudnessSummary? Loudness,
    int Skipped,
    Dictionary<string, int> SkippedByReason,
    Dictionary<string, int> BuildSkippedByReason,
    IReadOnlyList<string> Notes,
    string? ManifestSource,
    long? ManifestSeed);
