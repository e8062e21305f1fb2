using System.CommandLine;

namespace CrossModal.Cli.Commands;

/// <summary>`crossmodal dataset ...`: build, synthesise and inspect paired datasets; synthesise sound-only evaluation sets.</summary>
public static class DatasetCommands
{
    public static Command Build()
    {
        var dataset = new Command("dataset", "Build, synthesise and inspect paired image/sound datasets.");
        dataset.Subcommands.Add(DatasetSynthCommand.Build());
        dataset.Subcommands.Add(DatasetSoundsCommand.Build());
        dataset.Subcommands.Add(DatasetBuildCommand.Build());
        dataset.Subcommands.Add(DatasetStatsCommand.Build());
        dataset.Subcommands.Add(DatasetGridCommand.Build());
        return dataset;
    }
}
