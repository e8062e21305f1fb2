using System.CommandLine;
using System.Globalization;
using CrossModal.Core;
using CrossModal.Core.Recipes;
using Spectre.Console;

namespace CrossModal.Cli.Commands;

/// <summary>
/// `crossmodal train judges`: trains the second, independent image and sound judges (issue 17) into a model store.
/// Not a recipe step on purpose: no generator's training or selection may depend on them.
/// </summary>
public static class TrainJudgesCommand
{
    public static Command Build()
    {
        var defaults = new JudgeTrainingSettings();
        var data = new Option<string>("--data") { Description = "Dataset folder; its train split trains, its validation split measures.", Required = true };
        var output = new Option<string>("--out") { Description = "Model store folder to write judge-image and judge-sound into.", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Epochs of each judge (fixed: no early stopping, the last epoch is kept).", DefaultValueFactory = _ => defaults.Epochs };
        var seed = new Option<long>("--seed") { Description = "Seed of every random choice (same seed and threads: same weights).", DefaultValueFactory = _ => defaults.Seed };
        var threads = new Option<int>("--threads") { Description = "Torch threads (results are bit-reproducible at a fixed count).", DefaultValueFactory = _ => defaults.Threads };
        var cmd = new Command("judges", "Train the second, independent image and sound judges (never used in training or model selection).");
        foreach (var o in new Option[] { data, output, epochs, seed, threads }) cmd.Options.Add(o);
        cmd.SetAction((pr, ct) => CliAction.Run(() =>
        {
            var dataset = pr.GetValue(data)!;
            if (!Directory.Exists(dataset)) throw new InvalidInputException($"dataset folder '{dataset}' does not exist.");
            var settings = defaults with { Epochs = pr.GetValue(epochs), Seed = pr.GetValue(seed), Threads = pr.GetValue(threads) };
            settings.Validate();
            IReadOnlyList<Core.Storage.ModelManifest> saved = [];
            TrainingConsole.WithProgress(progress => saved = new JudgeTraining(dataset, pr.GetValue(output)!, settings) { Progress = progress }.Run(ct));
            var table = new Table().AddColumns("model", "minutes", "validation figures");
            foreach (var m in saved)
                table.AddRow(m.Id, (m.Metrics["training_seconds"] / 60).ToString("F1", CultureInfo.InvariantCulture),
                    Markup.Escape(string.Join(", ", m.Metrics.Where(kv => kv.Key.StartsWith("validation_") && kv.Key != "validation_n")
                        .Select(kv => $"{kv.Key["validation_".Length..]} {kv.Value.ToString("P1", CultureInfo.InvariantCulture)}"))));
            AnsiConsole.Write(table);
            AnsiConsole.WriteLine($"judges in {Path.GetFullPath(pr.GetValue(output)!)}");
            return 0;
        }));
        return cmd;
    }
}
