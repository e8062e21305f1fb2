using System.CommandLine;

namespace CrossModal.Cli.Commands;

/// <summary>`crossmodal experiment ...`: studies beyond training the product's models.</summary>
public static class ExperimentCommands
{
    public static Command Build()
    {
        var experiment = new Command("experiment", "Run the paper's studies on your data.");
        experiment.Subcommands.Add(ExperimentRepresentationsCommand.Build());
        return experiment;
    }
}
