using System.Xml.Linq;

namespace CrossModal.Deploy.Tests.Architecture;

/// <summary>
/// core is split by what loads native libraries: the domain library loads none, the ML library (core) loads libtorch,
/// and the dataset tools (SkiaSharp, FFmpeg) are referenced by the command line, tests and benchmarks only.
/// </summary>
public sealed class LibraryReferenceTests
{
    const string Domain = "domain/CrossModal.Domain/CrossModal.Domain.csproj";
    const string DatasetTools = "tools/CrossModal.DatasetTools/CrossModal.DatasetTools.csproj";
    const string ServiceDefaults = "services/CrossModal.ServiceDefaults/CrossModal.ServiceDefaults.csproj";

    static IEnumerable<XElement> Items(string project, string item) => XDocument.Load(Repo.Path(project.Split('/'))).Descendants(item);

    [Fact]
    public void The_domain_library_references_no_package_and_no_project()
    {
        Assert.Empty(Items(Domain, "PackageReference").Select(p => p.Attribute("Include")?.Value));
        Assert.Empty(Items(Domain, "ProjectReference").Select(p => p.Attribute("Include")?.Value));
        Assert.Empty(Items(Domain, "FrameworkReference").Select(p => p.Attribute("Include")?.Value));
    }

    [Fact]
    public void The_web_app_takes_the_domain_from_the_domain_library_not_from_copies()
    {
        var web = SourceTree.Project("web/CrossModal.Web/CrossModal.Web.csproj");
        Assert.Contains(Domain, ProjectGraph.References(web.Project));
        // What the domain library declares is not declared again in the web app.
        var domainTypes = SourceTree.Project(Domain).Files.SelectMany(f => f.DeclaredTypes).ToHashSet();
        Assert.Empty(web.Files.SelectMany(f => f.DeclaredTypes.Where(domainTypes.Contains).Select(t => $"{f.Path}: {t}")));
    }

    [Fact]
    public void The_service_defaults_are_hosting_only_so_the_web_app_can_use_them()
    {
        // No project at all (core, protos): what serving models needs is CrossModal.ModelServing, which the services
        // reference and the web app does not.
        Assert.Equal([ServiceDefaults], ProjectGraph.References(ServiceDefaults));
        string[] native = ["TorchSharp", "libtorch-cpu-linux-x64", "TorchSharp-cuda-linux", "SkiaSharp", "FFMpegCore"];
        Assert.DoesNotContain(Items(ServiceDefaults, "PackageReference").Select(p => p.Attribute("Include")!.Value), native.Contains);
    }

    [Fact]
    public void The_web_app_uses_the_hosting_defaults_but_not_what_serving_models_needs()
    {
        var web = ProjectGraph.References("web/CrossModal.Web/CrossModal.Web.csproj");
        Assert.Contains(ServiceDefaults, web);
        Assert.DoesNotContain("services/CrossModal.ModelServing/CrossModal.ModelServing.csproj", web);
        // Every service serves models through ModelServing, which brings the hosting defaults with it.
        foreach (var service in new[] { "encoder/CrossModal.EncoderService", "generator/CrossModal.GeneratorService", "evaluator/CrossModal.EvaluatorService" })
            Assert.Contains("services/CrossModal.ModelServing/CrossModal.ModelServing.csproj", ProjectGraph.References($"services/{service}.csproj"));
    }

    public static TheoryData<string> Hosts => new(SourceTree.Projects.Select(p => p.Project)
        .Where(p => p.StartsWith("services/", StringComparison.Ordinal) || p.StartsWith("web/", StringComparison.Ordinal)
                    || p.StartsWith("clients/", StringComparison.Ordinal) || p.StartsWith("apphost/", StringComparison.Ordinal)
                    || p.StartsWith("core/", StringComparison.Ordinal) || p.StartsWith("domain/", StringComparison.Ordinal)));

    [Theory, MemberData(nameof(Hosts))]
    public void Services_web_and_libraries_do_not_reference_the_dataset_tools(string project)
    {
        Assert.DoesNotContain(DatasetTools, ProjectGraph.References(project));
    }

    [Fact]
    public void Skia_and_ffmpeg_come_only_with_the_dataset_tools()
    {
        string[] drawingAndVideo = ["SkiaSharp", "SkiaSharp.NativeAssets.Linux.NoDependencies", "FFMpegCore"];
        Assert.Equal(drawingAndVideo, Items(DatasetTools, "PackageReference").Select(p => p.Attribute("Include")!.Value).Where(drawingAndVideo.Contains));
        foreach (var project in SourceTree.Projects.Select(p => p.Project).Where(p => p != DatasetTools && !p.StartsWith("tests/", StringComparison.Ordinal) && !p.StartsWith("bench/", StringComparison.Ordinal)))
            Assert.DoesNotContain(Items(project, "PackageReference").Select(p => p.Attribute("Include")!.Value), drawingAndVideo.Contains);
    }
}
