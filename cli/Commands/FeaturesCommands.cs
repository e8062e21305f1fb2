using System.CommandLine;

namespace CrossModal.Cli.Commands;

/// <summary>`crossmodal features ...`: audio representations (LMS and the others of the paper's Table 1), rendering and inversion.</summary>
public static class FeaturesCommands
{
    public static Command Build()
    {
        var features = new Command("features", "Compute, draw and invert audio features (log-mel spectrograms and the other representations).");
        features.Subcommands.Add(FeaturesLmsCommand.Build());
        features.Subcommands.Add(FeaturesExtractCommand.Build());
        features.Subcommands.Add(FeaturesRenderCommand.Build());
        features.Subcommands.Add(FeaturesInvertCommand.Build());
        return features;
    }
}
