using System.CommandLine;

namespace CrossModal.Cli.Commands;

/// <summary>`crossmodal evaluate ...`: classifier accuracy on real data and the paper's classifier-based evaluation of generation.</summary>
public static class EvaluateCommands
{
    public static Command Build()
    {
        var evaluate = new Command("evaluate", "Measure the classifiers on real sound and images, and the generators by what the classifiers say of their output.");
        evaluate.Subcommands.Add(EvaluateAudioCommand.Build());
        evaluate.Subcommands.Add(EvaluateImageCommand.Build());
        evaluate.Subcommands.Add(EvaluateS2ICommand.Build());
        evaluate.Subcommands.Add(EvaluateI2SCommand.Build());
        evaluate.Subcommands.Add(EvaluatePoseCommand.Build());
        return evaluate;
    }
}
