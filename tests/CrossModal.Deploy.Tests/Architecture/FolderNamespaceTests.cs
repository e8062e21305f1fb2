namespace CrossModal.Deploy.Tests.Architecture;

/// <summary>
/// Folders are namespaces in every project: a reader who knows a type's namespace knows its folder, and the reverse.
/// Only a file of top-level statements (Program.cs) declares none.
/// </summary>
public sealed class FolderNamespaceTests
{
    public static TheoryData<string> Projects => new(SourceTree.Projects.Select(p => p.Project));

    [Theory, MemberData(nameof(Projects))]
    public void Every_file_declares_its_folders_namespace(string project)
    {
        var sources = SourceTree.Project(project);
        var wrong = sources.Files
            .Where(f => f.Namespace is not null || !f.Path.EndsWith("/Program.cs", StringComparison.Ordinal))
            .Where(f => f.Namespace != sources.ExpectedNamespace(f.Path))
            .Select(f => $"{f.Path}: namespace {f.Namespace ?? "(none)"}, folder says {sources.ExpectedNamespace(f.Path)}")
            .ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} file(s) of {project} disagree with their folder:\n{string.Join("\n", wrong)}");
    }

    [Fact]
    public void Every_project_is_checked()
    {
        // The theory above has one case per project found; a project the walk missed would be a silent pass.
        var listed = File.ReadAllLines(Repo.Path("CrossModal.sln"))
            .Where(l => l.StartsWith("Project(", StringComparison.Ordinal) && l.Contains(".csproj", StringComparison.Ordinal))
            .Select(l => l.Split('"')[5].Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        Assert.Equal(listed, SourceTree.Projects.Select(p => p.Project).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_file_outside_its_folders_namespace_is_reported()
    {
        var project = new ProjectSources("x/X.csproj", "x", "CrossModal.X",
        [
            new CSharpSource("x/A/Right.cs", "namespace CrossModal.X.A;\nclass Right {}"),
            new CSharpSource("x/A/Wrong.cs", "namespace CrossModal.X.B;\nclass Wrong {}"),
        ]);
        Assert.Equal("CrossModal.X.A", project.ExpectedNamespace("x/A/Wrong.cs"));
        Assert.Equal(["x/A/Wrong.cs"], project.Files.Where(f => f.Namespace != project.ExpectedNamespace(f.Path)).Select(f => f.Path));
    }
}
