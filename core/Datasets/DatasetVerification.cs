namespace CrossModal.Core.Datasets;

/// <summary>How thoroughly a reader checks each pair's files before accepting it.</summary>
public enum DatasetVerification
{
    /// <summary>Trust the files: only existence and pairing are checked. Fastest.</summary>
    None,
    /// <summary>Image headers (format, size limits) and complete WAV parsing. The default: cheap and catches most damage.</summary>
    Headers,
    /// <summary>As Headers, and every image is fully decoded (catches truncated or corrupt pixel data).</summary>
    Full,
}
