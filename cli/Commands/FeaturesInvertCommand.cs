using System.CommandLine;
using CrossModal.Core;
using CrossModal.Core.Audio;
using CrossModal.Domain;

namespace CrossModal.Cli.Commands;

/// <summary>`crossmodal features invert IN.npy OUT.wav`: log-mel spectrogram back to sound (NNLS + fast Griffin–Lim).</summary>
public static class FeaturesInvertCommand
{
    public static Command Build()
    {
        var input = new Argument<string>("input") { Description = "A log-mel spectrogram .npy: float32 [128, frames] in dB." };
        var output = new Argument<string>("output") { Description = "Output WAV (44,100 Hz, 16-bit mono); 0.5 s for 44 frames." };
        var iterations = new Option<int>("--iterations") { Description = "Griffin-Lim iterations (1..1000).", DefaultValueFactory = _ => GriffinLim.DefaultIterations };
        var seed = new Option<int>("--seed") { Description = "Seed of the random start phase.", DefaultValueFactory = _ => 0 };
        var cmd = new Command("invert", "Reconstruct a waveform from a log-mel spectrogram (.npy) with fast Griffin-Lim.");
        cmd.Arguments.Add(input);
        cmd.Arguments.Add(output);
        cmd.Options.Add(iterations);
        cmd.Options.Add(seed);
        cmd.SetAction((ParseResult pr, CancellationToken ct) => CliAction.Run(() =>
        {
            int it = pr.GetValue(iterations);
            if (it is < 1 or > 1000) throw new InvalidInputException($"--iterations must be 1..1000 (got {it}).");
            var lms = NpyFile.ReadSpectrogram(pr.GetValue(input)!);
            var y = LmsInversion.ToWaveform(lms, options: new LmsInversion.Options(GriffinLimIterations: it, Seed: pr.GetValue(seed)));
            string path = pr.GetValue(output)!;
            WavCodec.WriteFile16(path, y, AudioFrontEnd.SampleRate);
            Console.WriteLine($"{path}: {y.Length} samples ({y.Length / (double)AudioFrontEnd.SampleRate:F3} s) at {AudioFrontEnd.SampleRate} Hz");
            return 0;
        }));
        return cmd;
    }
}
