using System.CommandLine;

namespace CrossModal.Cli.Commands;

public static class FeaturesCommands
{
    public static Command Build() => new("features", "(skeleton: filled in by its owner)");
}
