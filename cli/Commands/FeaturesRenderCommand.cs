using System.CommandLine;
using CrossModal.Core;
using CrossModal.Core.Audio;
using CrossModal.Core.Imaging;

namespace CrossModal.Cli.Commands;

/// <summary>`crossmodal features render IN.npy OUT.png`: draws a spectrogram with the viridis map, low frequencies at the bottom.</summary>
public static class FeaturesRenderCommand
{
    public static Command Build()
    {
        var input = new Argument<string>("input") { Description = "A 2-D float32 .npy [bins, frames], e.g. from `features lms`." };
        var output = new Argument<string>("output") { Description = "Output PNG." };
        var scale = new Option<int>("--scale") { Description = $"Enlarge each value to a scale x scale block (1..{SpectrogramImage.MaxScale}).", DefaultValueFactory = _ => 4 };
        var range = new Option<double>("--range") { Description = "Dynamic range in dB below the maximum shown; 0 = from the minimum (for data not in dB).", DefaultValueFactory = _ => SpectrogramImage.DefaultRangeDb };
        var cmd = new Command("render", "Draw a spectrogram .npy as a PNG (viridis colour map).");
        cmd.Arguments.Add(input);
        cmd.Arguments.Add(output);
        cmd.Options.Add(scale);
        cmd.Options.Add(range);
        cmd.SetAction((ParseResult pr, CancellationToken ct) => CliAction.Run(() =>
        {
            double r = pr.GetValue(range);
            if (!(r >= 0) || !double.IsFinite(r)) throw new InvalidInputException($"--range must be ≥ 0 dB (got {r}).");
            var s = NpyFile.ReadSpectrogram(pr.GetValue(input)!);
            string path = pr.GetValue(output)!;
            SpectrogramImage.SavePng(s, path, pr.GetValue(scale), r == 0 ? null : r);
            Console.WriteLine($"{path}: [{s.Bins}, {s.Frames}] drawn");
            return 0;
        }));
        return cmd;
    }
}
