using System.Xml.Linq;

namespace CrossModal.Deploy.Tests.Architecture;

/// <summary>A project of the repository: its folder, root namespace, and the C# files it compiles from its own folder.</summary>
public sealed record ProjectSources(string Project, string Folder, string RootNamespace, IReadOnlyList<CSharpSource> Files)
{
    /// <summary>The namespace a file in <paramref name="path"/> (repository-relative) must declare: the root namespace plus its folders.</summary>
    public string ExpectedNamespace(string path)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetRelativePath(Folder, path))!.Replace('\\', '/');
        return folder.Length == 0 ? RootNamespace : $"{RootNamespace}.{folder.Replace('/', '.')}";
    }
}

/// <summary>Every project of the repository (each *.csproj outside build output), read from the working tree.</summary>
public static class SourceTree
{
    static readonly string[] Skipped = ["bin", "obj", "TestResults", "node_modules", ".git"];

    public static IReadOnlyList<ProjectSources> Projects { get; } = Load();

    public static ProjectSources Project(string relativeCsproj) =>
        Projects.Single(p => p.Project == relativeCsproj);

    static IReadOnlyList<ProjectSources> Load()
    {
        var csprojs = Files(Repo.Root, "*.csproj").ToList();
        var folders = csprojs.Select(p => System.IO.Path.GetDirectoryName(p)!).ToHashSet();
        return csprojs.Select(csproj =>
        {
            var folder = System.IO.Path.GetDirectoryName(csproj)!;
            var rootNamespace = XDocument.Load(csproj).Descendants("RootNamespace").FirstOrDefault()?.Value
                                ?? System.IO.Path.GetFileNameWithoutExtension(csproj);
            // A nested project's files belong to it, not to the project in a folder above.
            var files = Files(folder, "*.cs")
                .Where(f => !folders.Any(other => other != folder && other.StartsWith(folder + "/", StringComparison.Ordinal) && f.StartsWith(other + "/", StringComparison.Ordinal)))
                .Select(f => new CSharpSource(Relative(f), File.ReadAllText(f)))
                .ToList();
            return new ProjectSources(Relative(csproj), Relative(folder), rootNamespace, files);
        }).OrderBy(p => p.Project, StringComparer.Ordinal).ToList();
    }

    static IEnumerable<string> Files(string folder, string pattern)
    {
        foreach (var file in Directory.EnumerateFiles(folder, pattern)) yield return file;
        foreach (var sub in Directory.EnumerateDirectories(folder))
            if (!Skipped.Contains(System.IO.Path.GetFileName(sub)) && !System.IO.Path.GetFileName(sub).StartsWith('.'))
                foreach (var file in Files(sub, pattern)) yield return file;
    }

    static string Relative(string path) => System.IO.Path.GetRelativePath(Repo.Root, path).Replace('\\', '/');
}
