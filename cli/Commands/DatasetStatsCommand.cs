using System.CommandLine;

namespace CrossModal.Cli.Commands;

public static class DatasetStatsCommand
{
    public static Command Build() => new("stats", "(skeleton: filled in by its owner)");
}
