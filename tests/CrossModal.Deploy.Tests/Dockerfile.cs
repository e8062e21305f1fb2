using System.Text.RegularExpressions;

namespace CrossModal.Deploy.Tests;

/// <summary>
/// A Dockerfile read as instructions (continuation lines joined, comments and the parser directive dropped), split
/// into the global part (ARGs before the first FROM) and build stages.
/// </summary>
public sealed partial class Dockerfile
{
    public sealed record Instruction(string Keyword, string Arguments);

    public sealed record Stage(string BaseImage, string? Name, IReadOnlyList<Instruction> Instructions)
    {
        public IEnumerable<string> All(string keyword) =>
            Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);
    }

    public string RelativePath { get; }
    public IReadOnlyList<Instruction> Global { get; }
    public IReadOnlyList<Stage> Stages { get; }
    public Stage Final => Stages[^1];

    public Dockerfile(string relativePath)
    {
        RelativePath = relativePath;
        var instructions = Read(File.ReadAllText(Repo.Path(relativePath.Split('/'))));
        var global = new List<Instruction>();
        var stages = new List<Stage>();
        List<Instruction>? current = null;
        foreach (var i in instructions)
        {
            if (i.Keyword == "FROM")
            {
                var m = FromPattern().Match(i.Arguments);
                if (!m.Success) throw new Xunit.Sdk.XunitException($"{relativePath}: cannot read 'FROM {i.Arguments}'");
                current = [];
                stages.Add(new Stage(m.Groups["image"].Value, m.Groups["name"].Success ? m.Groups["name"].Value : null, current));
            }
            else if (current is null) global.Add(i);
            else current.Add(i);
        }
        Global = global;
        Stages = stages;
    }

    static List<Instruction> Read(string text)
    {
        var result = new List<Instruction>();
        var pending = "";
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (pending.Length == 0 && line.Length == 0)) continue;
            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }
            line = pending + line;
            pending = "";
            if (line.Length == 0) continue;
            var space = line.IndexOfAny([' ', '\t']);
            result.Add(space < 0
                ? new Instruction(line.ToUpperInvariant(), "")
                : new Instruction(line[..space].ToUpperInvariant(), Regex.Replace(line[(space + 1)..].Trim(), @"\s+", " ")));
        }
        return result;
    }

    [GeneratedRegex(@"^(--platform=\S+\s+)?(?<image>\S+)(\s+AS\s+(?<name>\S+))?$", RegexOptions.IgnoreCase)]
    private static partial Regex FromPattern();
}
