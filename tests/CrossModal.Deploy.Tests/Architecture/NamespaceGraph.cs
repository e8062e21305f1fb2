namespace CrossModal.Deploy.Tests.Architecture;

/// <summary>
/// Which namespace of one project depends on which, built from its sources: a file's namespace depends on every
/// namespace of the project that it imports with a using directive or names in a qualified name (<c>Models.X</c> from
/// a sibling, <c>CrossModal.Core.Models.X</c>). A sub-namespace is a part of its enclosing one (C# gives it the enclosing
/// namespace's types without a using directive): its uses of an enclosing namespace are no edge, while the enclosing
/// namespace's uses of its parts are. So <c>Datasets.Synthetic.Scene</c> may draw with <c>Datasets.Synthetic</c>'s
/// instrument profiles, but <c>Training</c> -> <c>Evaluation</c> -> <c>Training</c> is a cycle.
/// Each edge keeps the files that make it, so a failure says where to look.
/// </summary>
public sealed class NamespaceGraph
{
    readonly Dictionary<string, Dictionary<string, SortedSet<string>>> edges = new(StringComparer.Ordinal);

    public NamespaceGraph(IReadOnlyList<CSharpSource> sources)
    {
        var namespaces = sources.Select(s => s.Namespace).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            if (source.Namespace is not { } from) continue;
            foreach (var used in source.UsedNamespaces)
                Add(from, Resolve(used, namespaces), source.Path);
            // Qualified names, written from the global namespace or relative to the file's namespace or any enclosing one
            // (C# resolves them from the innermost out): "CrossModal.Core.Models.X", "Models.X".
            foreach (var scope in EnclosingNamespaces(from).Prepend(from).Append(""))
                foreach (var firstSegment in namespaces.Where(n => scope == "" || n.StartsWith(scope + ".", StringComparison.Ordinal))
                             .Select(n => n[(scope == "" ? 0 : scope.Length + 1)..].Split('.')[0]).Distinct())
                    foreach (var name in source.QualifiedNamesStartingWith(firstSegment))
                        Add(from, Resolve(scope == "" ? name : $"{scope}.{name}", namespaces), source.Path);
        }
    }

    /// <summary>The namespaces <paramref name="from"/> depends on, each with the files that make the dependency.</summary>
    public IReadOnlyDictionary<string, SortedSet<string>> DependenciesOf(string from) =>
        edges.TryGetValue(from, out var e) ? e : new Dictionary<string, SortedSet<string>>();

    /// <summary>Every cycle, as the sorted namespaces of one strongly connected component (Tarjan); empty when the graph is acyclic.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<IReadOnlyList<string>>();
        var next = 0;

        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in DependenciesOf(v).Keys)
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string x;
            do
            {
                x = stack.Pop();
                onStack.Remove(x);
                component.Add(x);
            } while (x != v);
            if (component.Count > 1) components.Add(component.Order(StringComparer.Ordinal).ToList());
        }

        foreach (var v in edges.Keys.Order(StringComparer.Ordinal).ToList())
            if (!index.ContainsKey(v)) Visit(v);
        return components;
    }

    /// <summary>"A -> B (file, file)" for every edge inside <paramref name="cycle"/>: what to move to break it.</summary>
    public string Describe(IReadOnlyList<string> cycle) => string.Join("\n", cycle.SelectMany(from =>
        DependenciesOf(from).Where(e => cycle.Contains(e.Key)).Select(e => $"  {from} -> {e.Key} ({string.Join(", ", e.Value)})")));

    void Add(string from, string? to, string file)
    {
        if (to is null || to == from || from.StartsWith(to + ".", StringComparison.Ordinal)) return;
        if (!edges.TryGetValue(from, out var targets)) edges[from] = targets = new(StringComparer.Ordinal);
        if (!targets.TryGetValue(to, out var files)) targets[to] = files = new(StringComparer.Ordinal);
        files.Add(file);
    }

    /// <summary>The longest namespace of the project that <paramref name="name"/> starts with (a type's or a member's name resolves to its namespace).</summary>
    static string? Resolve(string name, IReadOnlySet<string> namespaces)
    {
        for (var candidate = name; ; candidate = candidate[..candidate.LastIndexOf('.')])
        {
            if (namespaces.Contains(candidate)) return candidate;
            if (!candidate.Contains('.')) return null;
        }
    }

    static IEnumerable<string> EnclosingNamespaces(string ns)
    {
        for (var i = ns.LastIndexOf('.'); i > 0; i = ns.LastIndexOf('.', i - 1))
            yield return ns[..i];
    }
}
