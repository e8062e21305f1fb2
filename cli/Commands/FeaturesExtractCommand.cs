using System.CommandLine;
using CrossModal.Core.Audio;
using CrossModal.Domain;

namespace CrossModal.Cli.Commands;

/// <summary>`crossmodal features extract IN.wav OUT.npy --representation cqt`: any representation of the paper's Table 1.</summary>
public static class FeaturesExtractCommand
{
    public static Command Build()
    {
        var input = new Argument<string>("input") { Description = "WAV file (any rate; resampled to 44,100 Hz; channels averaged to mono)." };
        var output = new Argument<string>("output") { Description = "Output .npy: float32, shape [bins, frames]." };
        var representation = new Option<Representation>("--representation", "-r")
        {
            Description = "stft [1025 bins, dB] | ms [128, linear power] | lms [128, dB] | cqt [84, dB] | mfcc [20].",
            DefaultValueFactory = _ => Representation.Lms,
        };
        var cmd = new Command("extract", "Compute one audio representation (STFT, MS, LMS, CQT, MFCC) of a WAV file.");
        cmd.Arguments.Add(input);
        cmd.Arguments.Add(output);
        cmd.Options.Add(representation);
        cmd.SetAction((ParseResult pr, CancellationToken ct) => CliAction.Run(() =>
            Extract(pr.GetValue(input)!, pr.GetValue(output)!, pr.GetValue(representation))));
        return cmd;
    }

    internal static int Extract(string input, string output, Representation representation)
    {
        var clip = WavCodec.ReadFile(input);
        var features = FeatureExtractor.Extract(clip, representation);
        NpyFile.WriteFile(output, features);
        Console.WriteLine($"{output}: {representation.ToString().ToLowerInvariant()} [{features.Bins}, {features.Frames}] float32"
            + (clip.SampleRate != AudioFrontEnd.SampleRate ? $" (resampled from {clip.SampleRate} Hz)" : ""));
        return 0;
    }
}
