using System.CommandLine;

namespace CrossModal.Cli.Commands;

public static class DatasetBuildCommand
{
    public static Command Build() => new("build", "(skeleton: filled in by its owner)");
}
