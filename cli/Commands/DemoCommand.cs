using System.CommandLine;

namespace CrossModal.Cli.Commands;

public static class DemoCommand
{
    public static Command Build() => new("demo", "(skeleton: filled in by its owner)");
}
