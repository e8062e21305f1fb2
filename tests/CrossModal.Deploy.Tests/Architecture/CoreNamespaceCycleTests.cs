namespace CrossModal.Deploy.Tests.Architecture;

/// <summary>
/// The namespaces of the ML library (and of the dataset tools built on it) form layers: no namespace depends, directly
/// or through others, on one that depends on it. A cycle means two folders can only be understood (and changed) together.
/// </summary>
public sealed class CoreNamespaceCycleTests
{
    [Theory]
    [InlineData("core/CrossModal.Core.csproj")]
    [InlineData("tools/CrossModal.DatasetTools/CrossModal.DatasetTools.csproj")]
    public void Namespaces_have_no_cycle(string project)
    {
        var graph = new NamespaceGraph(SourceTree.Project(project).Files);
        var cycles = graph.Cycles();
        Assert.True(cycles.Count == 0,
            $"namespace cycles in {project} (each edge with the files that make it):\n" + string.Join("\n\n", cycles.Select(graph.Describe)));
    }

    [Fact]
    public void The_graph_of_core_sees_its_layers()
    {
        // Or "no cycle" above would be vacuous.
        var graph = new NamespaceGraph(SourceTree.Project("core/CrossModal.Core.csproj").Files);
        Assert.Contains("CrossModal.Core.Storage", graph.DependenciesOf("CrossModal.Core.Generation").Keys);
        Assert.Contains("CrossModal.Core.Models", graph.DependenciesOf("CrossModal.Core.Training").Keys);
        Assert.Contains("CrossModal.Core.Training", graph.DependenciesOf("CrossModal.Core.Recipes").Keys);
    }

    [Fact]
    public void A_cycle_through_usings_and_qualified_names_is_found_and_a_parts_use_of_its_whole_is_not_one()
    {
        var graph = new NamespaceGraph(
        [
            new CSharpSource("Root.cs", "namespace X;\npublic class RootType { object o = Y.B.Thing.Make(); }"),
            new CSharpSource("Y/B/Thing.cs", "using X.C;\nnamespace X.Y.B;\npublic class Thing { RootType r; }"),
            new CSharpSource("C/Other.cs", "namespace X.C;\n// using X.D; is only a comment\npublic class Other { string s = \"X.D.Thing\"; object t = CrossModal.Q; }"),
            new CSharpSource("D/Last.cs", "namespace X.D;\npublic class Last { object o = X.Y.B.Thing.Make(); }"),
            new CSharpSource("C/Back.cs", "namespace X.C;\npublic class Back { object o = D.Last.Make(); }"),
        ]);
        Assert.Equal(["X.Y.B"], graph.DependenciesOf("X").Keys);
        Assert.Equal(["X.C"], graph.DependenciesOf("X.Y.B").Keys);
        Assert.Equal(["X.D"], graph.DependenciesOf("X.C").Keys);
        var cycle = Assert.Single(graph.Cycles());
        Assert.Equal(["X.C", "X.D", "X.Y.B"], cycle);
        Assert.Contains("X.C -> X.D (C/Back.cs)", graph.Describe(cycle));
    }
}
