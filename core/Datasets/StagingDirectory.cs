namespace CrossModal.Core.Datasets;

/// <summary>
/// Builds a folder atomically: everything is written into a hidden sibling of the target (same file system, so
/// the final move is a rename) and moved into place by <see cref="Commit"/>. Disposing without committing deletes
/// the staging folder, so a failed or cancelled build leaves nothing behind. Refuses a target that exists and is
/// not empty: a build never mixes with, or overwrites, an earlier dataset.
/// </summary>
public sealed class StagingDirectory : IDisposable
{
    public string FinalPath { get; }
    public string Path { get; }
    bool committed;

    StagingDirectory(string finalPath, string path)
    {
        FinalPath = finalPath;
        Path = path;
    }

    public static StagingDirectory Create(string target)
    {
        var full = System.IO.Path.GetFullPath(target.TrimEnd('/', '\\'));
        EnsureUsableTarget(full);
        var parent = System.IO.Path.GetDirectoryName(full)
            ?? throw new InvalidInputException($"'{target}': cannot build into a file-system root.");
        try
        {
            Directory.CreateDirectory(parent);
            var staging = System.IO.Path.Combine(parent, $".{System.IO.Path.GetFileName(full)}.partial-{Guid.NewGuid():N}");
            Directory.CreateDirectory(staging);
            return new StagingDirectory(full, staging);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"'{parent}': cannot create the output there ({e.Message}).", e);
        }
    }

    public void Commit()
    {
        EnsureUsableTarget(FinalPath); // it may have been filled while we worked
        try
        {
            if (Directory.Exists(FinalPath)) Directory.Delete(FinalPath); // empty, checked above
            Directory.Move(Path, FinalPath);
            committed = true;
        }
        catch (IOException e)
        {
            throw new InvalidInputException($"'{FinalPath}': cannot move the finished output into place ({e.Message}).", e);
        }
    }

    public void Dispose()
    {
        if (!committed && Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }

    static void EnsureUsableTarget(string full)
    {
        if (File.Exists(full)) throw new InvalidInputException($"'{full}' exists and is a file; choose a new output folder.");
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
            throw new InvalidInputException($"'{full}' exists and is not empty; choose a new output folder.");
    }
}
