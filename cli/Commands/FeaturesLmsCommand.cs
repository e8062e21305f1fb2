using System.CommandLine;
using CrossModal.Core.Audio;

namespace CrossModal.Cli.Commands;

/// <summary>`crossmodal features lms IN.wav OUT.npy`: the paper's log-mel spectrogram as a float32 [128, frames] .npy.</summary>
public static class FeaturesLmsCommand
{
    public static Command Build()
    {
        var input = new Argument<string>("input") { Description = "WAV file (any rate; resampled to 44,100 Hz; channels averaged to mono)." };
        var output = new Argument<string>("output") { Description = "Output .npy: float32, shape [128, frames] (44 frames for 0.5 s)." };
        var cmd = new Command("lms", "Log-mel spectrogram (dB) of a WAV file, as librosa computes it with n_fft 2048, hop 512, 128 Slaney mels.");
        cmd.Arguments.Add(input);
        cmd.Arguments.Add(output);
        cmd.SetAction((ParseResult pr, CancellationToken ct) => CliAction.Run(() =>
            FeaturesExtractCommand.Extract(pr.GetValue(input)!, pr.GetValue(output)!, Representation.Lms)));
        return cmd;
    }
}
