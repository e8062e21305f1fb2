using System.CommandLine;

namespace CrossModal.Cli.Commands;

/// <summary>`crossmodal generate ...`: images from a sound (S2I) and sound from an image (I2S).</summary>
public static class GenerateCommands
{
    public static Command Build()
    {
        var generate = new Command("generate", "Generate images of a performance from a sound, or a spectrogram and sound from an image.");
        generate.Subcommands.Add(GenerateS2ICommand.Build());
        generate.Subcommands.Add(GenerateI2SCommand.Build());
        return generate;
    }
}
