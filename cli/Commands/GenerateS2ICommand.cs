using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CrossModal.Core;
using CrossModal.Core.Datasets;
using CrossModal.Core.Generation;
using CrossModal.Core.Models;
using CrossModal.Domain;
using static TorchSharp.torch;

namespace CrossModal.Cli.Commands;

/// <summary>`crossmodal generate s2i --models DIR [--variant c|n|a|pose] [--instrument I] --audio IN.wav --count N --seed S --out DIR`.</summary>
public static class GenerateS2ICommand
{
    public static Command Build()
    {
        var models = EvaluateShared.Models();
        var variant = new Option<string?>("--variant") { Description = "c, n, a (the paper's variants), or pose (one model per instrument: needs --instrument); left out, the product's default generator (s2i-c-default, else s2i-c)." };
        var instrument = new Option<string?>("--instrument") { Description = "Instrument of the pose model." };
        var audio = new Option<string>("--audio") { Description = "WAV file (any rate; its first 0.5 s is used and must be audible).", Required = true };
        var count = new Option<int>("--count") { Description = $"Images to generate, 1 to {SoundToImage.MaxCount}.", DefaultValueFactory = _ => 8 };
        var seed = EvaluateShared.Seed();
        var output = new Option<string>("--out") { Description = "Folder for the PNGs (created if missing).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (files, predicted instrument and confidence of each image)." };
        var threads = EvaluateShared.Threads();
        var cmd = new Command("s2i", "Generate 64x64 images of a performance from a sound, and say which instrument the image classifier sees in each.");
        foreach (var o in new Option[] { models, variant, instrument, audio, count, seed, output, json, threads }) cmd.Options.Add(o);
        cmd.SetAction((ParseResult pr, CancellationToken ct) => CliAction.Run(() =>
        {
            var named = SoundToImage.NamedModelId(pr.GetValue(variant), pr.GetValue(instrument));
            var n = pr.GetValue(count);
            if (n is < 1 or > SoundToImage.MaxCount) throw new InvalidInputException($"--count must be 1 to {SoundToImage.MaxCount}, got {n}.");
            var outDir = pr.GetValue(output)!;
            if (File.Exists(outDir)) throw new InvalidInputException($"--out '{outDir}' is a file, not a folder.");
            EvaluateShared.InitialiseTorch(pr.GetValue(threads));
            using var set = EvaluateShared.OpenModels(pr.GetValue(models)!);
            var id = named ?? S2IModelIds.DefaultIn(set.Has);
            var images = new SoundToImage(set).FromWavFile(pr.GetValue(audio)!, id, n, pr.GetValue(seed));
            double[][] probabilities;
            using (var scope = NewDisposeScope())
                probabilities = ClassifierInference.Probabilities(set.ImageClassifier, tensor(images.Pixels, [images.Count, 3, 64, 64]));

            Directory.CreateDirectory(outDir);
            var rows = new List<object>();
            for (var i = 0; i < images.Count; i++)
            {
                var path = Path.Combine(outDir, $"{id}-seed{pr.GetValue(seed)}-{i:D2}.png");
                AtomicFile.WriteAllBytes(path, images.Png[i]);
                var best = Array.IndexOf(probabilities[i], probabilities[i].Max());
                rows.Add(new { file = path, predicted = Instruments.All[best], confidence = probabilities[i][best] });
                if (!pr.GetValue(json))
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path}: {Instruments.All[best]} ({probabilities[i][best]:P1})"));
            }
            if (pr.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(new { model = id, seed = pr.GetValue(seed), images = rows }, EvaluateShared.Json));
            return 0;
        }));
        return cmd;
    }
}
