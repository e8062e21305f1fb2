using System.Text.Json.Nodes;

namespace CrossModal.Deploy.Tests.Architecture;

/// <summary>
/// The web app loads no native ML, drawing or video library: every project under web/ is checked on its resolved
/// package graph (obj/project.assets.json, which NuGet writes at restore with every package the project gets, directly
/// or through any project it references), so a reference that brings TorchSharp in by a detour is caught too.
/// </summary>
public sealed class WebPackageGraphTests
{
    /// <summary>Package ids, and the prefixes of their native-asset packages (libtorch-cpu-linux-x64, SkiaSharp.NativeAssets.*).</summary>
    static readonly string[] Forbidden = ["TorchSharp", "libtorch", "SkiaSharp", "FFMpegCore"];

    /// <summary>Projects that would bring them (core: libtorch; the dataset tools: SkiaSharp and FFmpeg).</summary>
    static readonly string[] ForbiddenProjects = ["CrossModal.Core", "CrossModal.DatasetTools"];

    static IEnumerable<string> WebProjectPaths => SourceTree.Projects.Select(p => p.Project).Where(p => p.StartsWith("web/", StringComparison.Ordinal));

    public static TheoryData<string> WebProjects => new(WebProjectPaths);

    /// <summary>(name, type) of every library in the project's restore graph: type is "package" or "project".</summary>
    static List<(string Name, string Type)> ResolvedLibraries(string project)
    {
        var assets = Repo.Path([.. System.IO.Path.GetDirectoryName(project)!.Split('/'), "obj", "project.assets.json"]);
        if (!File.Exists(assets))
            throw new Xunit.Sdk.XunitException($"{assets} is missing: restore first (dotnet restore {project}); scripts/test.sh builds the solution before the tests.");
        var libraries = JsonNode.Parse(File.ReadAllText(assets))!["libraries"]!.AsObject();
        return libraries.Select(kv => (kv.Key.Split('/')[0], kv.Value!["type"]!.GetValue<string>())).ToList();
    }

    [Fact]
    public void Both_web_projects_are_checked()
    {
        Assert.Contains("web/CrossModal.Web/CrossModal.Web.csproj", WebProjectPaths);
        Assert.Contains("web/CrossModal.Studies/CrossModal.Studies.csproj", WebProjectPaths);
    }

    [Theory, MemberData(nameof(WebProjects))]
    public void No_web_project_resolves_torch_skia_or_ffmpeg(string project)
    {
        var libraries = ResolvedLibraries(project);
        Assert.NotEmpty(libraries);
        var native = libraries.Where(l => l.Type == "package" && Forbidden.Any(f => l.Name.StartsWith(f, StringComparison.OrdinalIgnoreCase)))
            .Select(l => l.Name).ToList();
        Assert.True(native.Count == 0, $"{project} resolves {string.Join(", ", native)}");
        var projects = libraries.Where(l => l.Type == "project" && ForbiddenProjects.Contains(l.Name)).Select(l => l.Name).ToList();
        Assert.True(projects.Count == 0, $"{project} references {string.Join(", ", projects)}");
    }
}
