using CrossModal.Core;

namespace CrossModal.ModelServing;

/// <summary>
/// The service's folders as absolute paths, and the guard that keeps request-named datasets inside the data root.
/// Relative configured paths are resolved against the repository root (the nearest folder above the content root
/// holding CrossModal.sln) so that `dotnet run --project services/x` finds `models/starter`; in a container
/// (no solution file) against the content root.
/// </summary>
public sealed class ServicePaths
{
    public ServicePaths(CrossModalOptions options, string contentRoot)
    {
        var baseDir = RepositoryRoot(contentRoot) ?? contentRoot;
        Models = Path.GetFullPath(Path.Combine(baseDir, options.Models));
        Data = Path.GetFullPath(Path.Combine(baseDir, options.Data));
    }

    public string Models { get; }
    public string Data { get; }

    /// <summary>
    /// A dataset folder named by a request: relative to the data root (or absolute inside it). Anything that
    /// resolves outside the root ("..", absolute paths elsewhere, a symbolic link leading out) is refused.
    /// </summary>
    public string Dataset(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new InvalidInputException("name a dataset folder (relative to the service's data root).");
        if (name.Contains('\0')) throw new InvalidInputException("the dataset name contains a NUL character.");
        var full = Path.GetFullPath(Path.Combine(Data, name));
        if (!Inside(full)) throw new InvalidInputException($"dataset '{name}' is outside the service's data root; name a folder under it.");
        if (!Directory.Exists(full)) throw new InvalidInputException($"dataset '{name}' does not exist under the service's data root.");
        // A link inside the root may point anywhere: follow every link on the way and check the real target.
        var real = RealPath(full);
        if (!Inside(real)) throw new InvalidInputException($"dataset '{name}' leads outside the service's data root through a symbolic link.");
        return real;
    }

    bool Inside(string full)
    {
        var root = Path.TrimEndingDirectorySeparator(Data);
        return full == root || full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    static string RealPath(string full)
    {
        var parts = full.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = Path.GetPathRoot(full)!;
        foreach (var part in parts)
        {
            current = Path.Combine(current, part);
            if (new DirectoryInfo(current).ResolveLinkTarget(returnFinalTarget: true) is { } target)
                current = Path.GetFullPath(target.FullName);
        }
        return current;
    }

    static string? RepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CrossModal.sln"))) return dir.FullName;
        return null;
    }
}
