using System.CommandLine;

namespace CrossModal.Cli.Commands;

public static class DatasetSynthCommand
{
    public static Command Build() => new("synth", "(skeleton: filled in by its owner)");
}
