using System.CommandLine;
using CrossModal.Cli.Commands;

namespace CrossModal.Cli;

/// <summary>The `crossmodal` command tree. Each command group lives in its own file under Commands/.</summary>
public static class CliApp
{
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("CrossModal: sound-to-image and image-to-sound generation of musical performances.");
        root.Subcommands.Add(DatasetCommands.Build());
        root.Subcommands.Add(FeaturesCommands.Build());
        root.Subcommands.Add(TrainCommands.Build());
        root.Subcommands.Add(ModelsCommands.Build());
        root.Subcommands.Add(DemoCommand.Build());
        root.Subcommands.Add(EvaluateCommands.Build());
        root.Subcommands.Add(GenerateCommands.Build());
        root.Subcommands.Add(ReportCommand.Build());
        root.Subcommands.Add(ExperimentCommands.Build());
        root.Subcommands.Add(RemoteCommands.Build());
        return root;
    }
}
