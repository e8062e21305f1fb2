namespace CrossModal.Core.Datasets;

/// <summary>
/// The on-disk layout shared by every paired dataset this project reads or writes:
/// <c>img/{train,validation}/&lt;instrument&gt;/&lt;name&gt;.jpg</c> and
/// <c>chunk/{train,validation}/&lt;instrument&gt;/&lt;name&gt;.wav</c>, the same name pairing image and sound,
/// plus optional <c>dataset.json</c> (manifest) and <c>pairs.csv</c> (per-pair metadata) at the root.
/// </summary>
public static class DatasetLayout
{
    public const string ImageFolder = "img", SoundFolder = "chunk";
    public const string ManifestFile = "dataset.json", PairsFile = "pairs.csv";

    /// <summary>Sound chunks: 0.5 s of 44.1 kHz mono, as in the paper.</summary>
    public const int SampleRate = 44_100, ChunkSamples = 22_050, ChunkMilliseconds = 500;

    /// <summary>Extensions accepted as a pair's image; writers use .jpg.</summary>
    public static IReadOnlyList<string> ImageExtensions { get; } = [".jpg", ".jpeg", ".png", ".webp", ".bmp"];

    public const string SoundExtension = ".wav";

    public static bool IsImageFile(string path) =>
        ImageExtensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    public static bool IsSoundFile(string path) =>
        string.Equals(Path.GetExtension(path), SoundExtension, StringComparison.OrdinalIgnoreCase);

    public static string ImageDirectory(string root, DatasetSplit split, string instrument) =>
        Path.Combine(root, ImageFolder, split.FolderName(), instrument);

    public static string SoundDirectory(string root, DatasetSplit split, string instrument) =>
        Path.Combine(root, SoundFolder, split.FolderName(), instrument);

    public static string ImagePath(string root, DatasetSplit split, string instrument, string name) =>
        Path.Combine(ImageDirectory(root, split, instrument), name + ".jpg");

    public static string SoundPath(string root, DatasetSplit split, string instrument, string name) =>
        Path.Combine(SoundDirectory(root, split, instrument), name + SoundExtension);
}
