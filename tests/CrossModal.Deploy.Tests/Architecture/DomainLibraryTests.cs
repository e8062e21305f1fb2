using System.Xml.Linq;

namespace CrossModal.Deploy.Tests.Architecture;

/// <summary>
/// The domain library is what a host that runs no model may reference: it must stay free of packages (TorchSharp,
/// SkiaSharp, FFMpegCore and their native libraries) and of the repository's other projects.
/// </summary>
public sealed class DomainLibraryTests
{
    [Fact]
    public void The_domain_library_references_no_package_and_no_project()
    {
        var csproj = XDocument.Load(Repo.Path("domain", "CrossModal.Domain", "CrossModal.Domain.csproj"));
        Assert.Empty(csproj.Descendants("PackageReference").Select(p => p.Attribute("Include")?.Value));
        Assert.Empty(csproj.Descendants("ProjectReference").Select(p => p.Attribute("Include")?.Value));
        Assert.Empty(csproj.Descendants("FrameworkReference").Select(p => p.Attribute("Include")?.Value));
    }

    [Fact]
    public void The_web_app_takes_the_domain_from_the_domain_library_not_from_copies()
    {
        var web = SourceTree.Project("web/CrossModal.Web/CrossModal.Web.csproj");
        Assert.Contains(XDocument.Load(Repo.Path(web.Project)).Descendants("ProjectReference"),
            p => p.Attribute("Include")?.Value.EndsWith("CrossModal.Domain.csproj", StringComparison.Ordinal) == true);
        // What the domain library declares is not declared again in the web app.
        var domainTypes = SourceTree.Project("domain/CrossModal.Domain/CrossModal.Domain.csproj").Files.SelectMany(f => f.DeclaredTypes).ToHashSet();
        Assert.Empty(web.Files.SelectMany(f => f.DeclaredTypes.Where(domainTypes.Contains).Select(t => $"{f.Path}: {t}")));
    }
}
