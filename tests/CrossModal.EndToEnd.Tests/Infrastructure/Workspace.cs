using CrossModal.DatasetTools.Synthetic;

namespace CrossModal.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The run's own folders under the temp directory: a copy of the committed starter models (training replaces
/// models in the store, and the committed set must never change), a data root with a tiny synthetic dataset
/// (training runs on it; its WAVs are the uploads), and the web app's data folder (SQLite database, media).
/// </summary>
public sealed class Workspace : IDisposable
{
    /// <summary>Dataset folder under the data root that the tests train on.</summary>
    public const string Dataset = "tiny";

    /// <summary>
    /// Instruments of the tiny dataset. double_bass is the upload of the Sound→Image test: the starter S2I-C model
    /// draws double basses that the judge recognises (100 % on the validation split, docs/RESULTS.md).
    /// </summary>
    public static readonly string[] Instruments = ["double_bass", "tuba"];

    public const int DatasetSeed = 11;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"cm-e2e-{Guid.NewGuid():N}");
    public string Models => Path.Combine(Root, "models");
    public string Data => Path.Combine(Root, "data");
    public string WebData => Path.Combine(Root, "web");
    public string Uploads => Path.Combine(Root, "uploads");
    public string DatasetFolder => Path.Combine(Data, Dataset);

    public void Create()
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(WebData);
        Directory.CreateDirectory(Uploads);
        CopyModelStore(Path.Combine(RepositoryRoot, "models", "starter"), Models);
        SyntheticDatasetBuilder.Build(new SyntheticDatasetOptions
        {
            OutputDirectory = DatasetFolder, PerClass = 6, Seed = DatasetSeed, Instruments = Instruments, ImageSize = 64,
        });
    }

    /// <summary>A WAV of the tiny dataset's validation split (sorted by name, so the choice is deterministic).</summary>
    public string ValidationWav(string instrument, int index = 0) =>
        Directory.GetFiles(Path.Combine(DatasetFolder, "chunk", "validation", instrument), "*.wav").Order(StringComparer.Ordinal).ElementAt(index);

    public string ValidationImage(string instrument, int index = 0) =>
        Directory.GetFiles(Path.Combine(DatasetFolder, "img", "validation", instrument), "*.jpg").Order(StringComparer.Ordinal).ElementAt(index);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CrossModal.sln"))) return dir.FullName;
        throw new InvalidOperationException("CrossModal.sln not found above the test's output folder.");
    }

    /// <summary>
    /// Copies the store's model folders. The committed set also holds <c>previews/</c> (training sample grids, no
    /// manifest), which the services' model-store health check counts as a broken model and answers NOT_SERVING
    /// for; the copy leaves it out so the web app's health banners reflect the services, not that folder.
    /// </summary>
    static void CopyModelStore(string from, string to)
    {
        if (!Directory.Exists(from)) throw new DirectoryNotFoundException($"the starter models are missing: {from}");
        Directory.CreateDirectory(to);
        foreach (var model in Directory.GetDirectories(from).Where(d => File.Exists(Path.Combine(d, "manifest.json"))))
        {
            foreach (var dir in Directory.GetDirectories(model, "*", SearchOption.AllDirectories))
                Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
            Directory.CreateDirectory(Path.Combine(to, Path.GetFileName(model)));
            foreach (var file in Directory.GetFiles(model, "*", SearchOption.AllDirectories))
                File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    public void Dispose()
    {
        try { if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true); }
        catch (IOException) { /* a file still held open by a dying host: the temp folder is cleaned by the OS */ }
    }
}
