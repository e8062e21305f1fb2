using System.Text.RegularExpressions;

namespace CrossModal.Deploy.Tests.Architecture;

/// <summary>
/// One C# file read as text: the namespace it declares, the type names it declares, and the namespaces it names
/// (using directives and qualified names). Text, not a compiler: the checks only need what a reader sees at the top
/// of a file and in qualified names, and stay fast enough to run on every file of the repository.
/// </summary>
public sealed partial class CSharpSource
{
    public CSharpSource(string path, string text)
    {
        Path = path;
        Code = WithoutCommentsAndStrings(text);
        Namespace = NamespaceDeclaration().Match(Code) is { Success: true } m ? m.Groups[1].Value : null;
        DeclaredTypes = TypeDeclaration().Matches(Code).Select(t => t.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        UsedNamespaces = UsingDirective().Matches(Code).Select(u => u.Groups[1].Value).ToList();
    }

    /// <summary>Repository-relative path, with '/' separators.</summary>
    public string Path { get; }

    /// <summary>The file with comments and string literals blanked out (a name in a comment or a message is no reference).</summary>
    public string Code { get; }

    /// <summary>The first namespace declared (file-scoped or block); null for a file of top-level statements.</summary>
    public string? Namespace { get; }

    public IReadOnlySet<string> DeclaredTypes { get; }

    /// <summary>Namespaces or types named by using directives (plain, static or alias), as written.</summary>
    public IReadOnlyList<string> UsedNamespaces { get; }

    /// <summary>Whether the code mentions <paramref name="identifier"/> as a name (not as a member after a dot).</summary>
    public bool Mentions(string identifier) => Regex.IsMatch(Code, $@"(?<![\w.@]){Regex.Escape(identifier)}\b");

    /// <summary>
    /// Every dotted name in the code that starts with <paramref name="segment"/> (e.g. "ChunkAudio" for
    /// "Pipelines"), as written: how a file reaches a sibling namespace without a using directive.
    /// </summary>
    public IEnumerable<string> QualifiedNamesStartingWith(string segment) =>
        Regex.Matches(Code, $@"(?<![\w.@]){Regex.Escape(segment)}(?:\.[A-Za-z_]\w*)+").Select(m => m.Value);

    static string WithoutCommentsAndStrings(string text)
    {
        // Line and block comments, verbatim/raw/regular strings and char literals become spaces, keeping line breaks.
        return StringsAndComments().Replace(text, m => Regex.Replace(m.Value, @"[^\n]", " "));
    }

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum|delegate\s+[\w<>\[\]?,\s]+?)\s+([A-Za-z_]\w*)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();

    [GeneratedRegex("""//[^\n]*|/\*.*?\*/|\"\"\".*?\"\"\"|@"(?:[^"]|"")*"|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])'""", RegexOptions.Singleline)]
    private static partial Regex StringsAndComments();
}
