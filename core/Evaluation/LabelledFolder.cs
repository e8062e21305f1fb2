using CrossModal.Core.Audio;
using CrossModal.Core.Datasets;
using CrossModal.Domain;

namespace CrossModal.Core.Evaluation;

/// <summary>One file of a labelled folder and its instrument's class index (<see cref="Instruments"/> order).</summary>
public sealed record LabelledFile(string Path, int Label);

/// <summary>
/// A folder of files sorted by instrument, <c>ROOT/&lt;instrument&gt;/*</c> (the shape of one split of a dataset's
/// <c>chunk/</c> or <c>img/</c> folder, or of any recordings a user sorts that way). Every sub-folder must be named
/// after one of the 13 instruments; hidden entries are ignored.
/// </summary>
public static class LabelledFolder
{
    public static IReadOnlyList<LabelledFile> Sounds(string root) =>
        Read(root, DatasetLayout.IsSoundFile, "sound (.wav)");

    public static IReadOnlyList<LabelledFile> Images(string root) =>
        Read(root, DatasetLayout.IsImageFile, $"image ({string.Join(", ", DatasetLayout.ImageExtensions)})");

    static IReadOnlyList<LabelledFile> Read(string root, Func<string, bool> wanted, string what)
    {
        if (!Directory.Exists(root)) throw new InvalidInputException($"folder '{root}' does not exist.");
        var files = new List<LabelledFile>();
        foreach (var dir in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(dir);
            if (name.StartsWith('.')) continue;
            var label = Instruments.IndexOf(name);
            if (label < 0)
                throw new InvalidInputException($"'{dir}' is not named after an instrument (expected ROOT/<instrument>/ with one of {string.Join(", ", Instruments.All)}).");
            files.AddRange(Directory.EnumerateFiles(dir)
                .Where(f => !Path.GetFileName(f).StartsWith('.') && wanted(f))
                .Order(StringComparer.Ordinal)
                .Select(f => new LabelledFile(f, label)));
        }
        if (files.Count == 0)
            throw new InvalidInputException($"'{root}' holds no {what} files in ROOT/<instrument>/ folders.");
        return files;
    }

    /// <summary>
    /// A file's refusal named by its full path (a folder may hold the same file name under several instruments). The
    /// decoders name the file by its name alone; that prefix is replaced rather than repeated.
    /// </summary>
    public static InvalidInputException Refusal(string path, InvalidInputException e)
    {
        var byName = $"'{Path.GetFileName(path)}': ";
        var reason = e.Message.StartsWith(byName, StringComparison.Ordinal) ? e.Message[byName.Length..] : e.Message;
        return new InvalidInputException($"'{path}': {reason}", e);
    }

    /// <summary>
    /// The folder of the other modality beside a dataset split folder: <c>DATA/chunk/validation</c> ↔
    /// <c>DATA/img/validation</c>; null when <paramref name="root"/> is not laid out that way or the sibling is missing.
    /// Used to find the real samples a Fréchet distance compares generated ones with.
    /// </summary>
    public static string? Sibling(string root, string fromFolder, string toFolder)
    {
        var full = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
        var split = Path.GetFileName(full);
        var parent = Path.GetDirectoryName(full);
        if (parent is null || Path.GetFileName(parent) != fromFolder) return null;
        var data = Path.GetDirectoryName(parent);
        if (data is null) return null;
        var sibling = Path.Combine(data, toFolder, split);
        return Directory.Exists(sibling) ? sibling : null;
    }
}
