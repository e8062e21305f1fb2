using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CrossModal.Core;
using CrossModal.Core.Audio;
using CrossModal.Core.Datasets;
using CrossModal.Core.Generation;
using CrossModal.Core.Models;
using CrossModal.Domain;
using static TorchSharp.torch;

namespace CrossModal.Cli.Commands;

/// <summary>`crossmodal generate i2s --models DIR --image IN.png --out DIR`: LMS (.npy), its picture (.png) and its sound (.wav).</summary>
public static class GenerateI2SCommand
{
    public static Command Build()
    {
        var models = EvaluateShared.Models();
        var image = new Option<string>("--image") { Description = "Image file (JPEG, PNG, WebP or BMP; centre-cropped to a square and resized to 64x64).", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for i2s.npy (128x44 dB LMS), i2s-generated.npy (the generator's 128x34), i2s.png and i2s.wav.", Required = true };
        var seed = EvaluateShared.Seed();
        var json = new Option<bool>("--json") { Description = "Print one JSON object (files and the sound classifier's verdict)." };
        var threads = EvaluateShared.Threads();
        var cmd = new Command("i2s", "Generate a log-mel spectrogram from an image of a performance and turn it into a 0.5 s sound (mel inversion + Griffin–Lim).");
        foreach (var o in new Option[] { models, image, output, seed, json, threads }) cmd.Options.Add(o);
        cmd.SetAction((ParseResult pr, CancellationToken ct) => CliAction.Run(() =>
        {
            var outDir = pr.GetValue(output)!;
            if (File.Exists(outDir)) throw new InvalidInputException($"--out '{outDir}' is a file, not a folder.");
            EvaluateShared.InitialiseTorch(pr.GetValue(threads));
            using var set = EvaluateShared.OpenModels(pr.GetValue(models)!);
            var sound = new ImageToSound(set).FromImageFile(pr.GetValue(image)!, pr.GetValue(seed));
            double[] p;
            using (var scope = NewDisposeScope())
                p = ClassifierInference.Probabilities(set.SoundClassifier,
                    SoundInput.ToUnit(tensor(sound.Lms.Data, [1, 1, sound.Lms.Bins, sound.Lms.Frames])))[0];
            var best = Array.IndexOf(p, p.Max());

            Directory.CreateDirectory(outDir);
            var files = new
            {
                lms = Path.Combine(outDir, "i2s.npy"), generated = Path.Combine(outDir, "i2s-generated.npy"),
                png = Path.Combine(outDir, "i2s.png"), wav = Path.Combine(outDir, "i2s.wav"),
            };
            NpyFile.WriteFile(files.lms, sound.Lms);
            NpyFile.WriteFile(files.generated, sound.GeneratedLms);
            AtomicFile.WriteAllBytes(files.png, sound.SpectrogramPng);
            AtomicFile.WriteAllBytes(files.wav, sound.Wav);
            if (pr.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(new { files, predicted = Instruments.All[best], confidence = p[best] }, EvaluateShared.Json));
            else
            {
                foreach (var f in new[] { files.lms, files.generated, files.png, files.wav }) Console.WriteLine($"wrote {f}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"the sound classifier hears: {Instruments.All[best]} ({p[best]:P1})"));
            }
            return 0;
        }));
        return cmd;
    }
}
