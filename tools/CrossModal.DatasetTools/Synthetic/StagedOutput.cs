using CrossModal.Core;

namespace CrossModal.DatasetTools.Synthetic;

/// <summary>
/// How a generated set reaches its folder: built in a sibling <c>&lt;out&gt;.partial-&lt;id&gt;</c> and moved into place
/// only when complete, so a crash or Ctrl-C never leaves a half set that looks whole. The output may be new, empty, or
/// a previous set of the same kind (which is replaced); anything else is refused before any work, so a typo cannot
/// overwrite someone's data.
/// </summary>
internal static class StagedOutput
{
    /// <param name="isPreviousSet">Whether a non-empty folder holds an earlier set of this kind (recognised by its manifest).</param>
    public static void CheckTarget(string target, Func<string, bool> isPreviousSet, string what)
    {
        if (File.Exists(target)) throw new InvalidInputException($"output '{target}' is a file, not a folder.");
        if (!Directory.Exists(target)) return;
        if (!Directory.EnumerateFileSystemEntries(target).Any()) return;
        if (!isPreviousSet(target))
            throw new InvalidInputException($"output folder '{target}' is not empty and does not hold a {what}: choose a new or empty folder.");
    }

    /// <summary>Creates the staging folder beside <paramref name="target"/>.</summary>
    public static string CreateStaging(string target)
    {
        var parent = Path.GetDirectoryName(target.TrimEnd(Path.DirectorySeparatorChar)) ?? target;
        Directory.CreateDirectory(parent);
        var staging = $"{target.TrimEnd(Path.DirectorySeparatorChar)}.partial-{Guid.NewGuid():N}";
        Directory.CreateDirectory(staging);
        return staging;
    }

    public static void Promote(string staging, string target)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(staging, target);
            return;
        }
        var old = $"{target.TrimEnd(Path.DirectorySeparatorChar)}.old-{Guid.NewGuid():N}";
        Directory.Move(target, old);
        Directory.Move(staging, target);
        TryDelete(old);
    }

    public static void TryDelete(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
