namespace CrossModal.DatasetTools.Video;

/// <summary>A performance video with the instrument and piece number its pairs will be named after.</summary>
public sealed record VideoSource(string Path, string Instrument, int Piece)
{
    /// <summary>The name prefix of its pairs and its identity for the split, e.g. "cello01".</summary>
    public string Id => $"{Instrument}{Piece:D2}";
}
