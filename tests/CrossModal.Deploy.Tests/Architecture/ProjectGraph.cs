using System.Xml.Linq;

namespace CrossModal.Deploy.Tests.Architecture;

/// <summary>The repository's project references, read from the project files.</summary>
public static class ProjectGraph
{
    /// <summary><paramref name="project"/> and every project it references, directly or not, as repository-relative paths.</summary>
    public static IReadOnlySet<string> References(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            if (!seen.Add(next)) continue;
            var folder = System.IO.Path.GetDirectoryName(next)!;
            foreach (var reference in XDocument.Load(Repo.Path(next.Split('/'))).Descendants("ProjectReference"))
            {
                var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(Repo.Root, folder, reference.Attribute("Include")!.Value));
                pending.Push(System.IO.Path.GetRelativePath(Repo.Root, full).Replace('\\', '/'));
            }
        }
        return seen;
    }
}
