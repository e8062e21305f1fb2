using System.CommandLine;
using System.Globalization;
using CrossModal.Core;
using CrossModal.Core.Recipes;
using Spectre.Console;

namespace CrossModal.Cli.Commands;

/// <summary>
/// `crossmodal train judges`: trains the second, independent image and sound judges (issue 17), and with
/// <c>--judge pose</c> the second pose judge, into a model store. Not a recipe step on purpose: no generator's training
/// or selection may depend on them.
/// </summary>
public static class TrainJudgesCommand
{
    public static Command Build()
    {
        var defaults = new JudgeTrainingSettings();
        var data = new Option<string>("--data") { Description = "Dataset folder; its train split trains, its validation split measures.", Required = true };
        var output = new Option<string>("--out") { Description = "Model store folder to write the judges (judge-image, judge-sound, judge-pose) into.", Required = true };
        var judges = new Option<string[]>("--judge")
        {
            Description = $"Judge(s) to train (repeatable): {string.Join(", ", JudgeTrainingSettings.AllJudges)}; left out, {string.Join(" and ", defaults.Judges)}. The pose judge needs the synthetic dataset's poses.",
            AllowMultipleArgumentsPerToken = true,
        };
        var poseEpochs = new Option<int>("--pose-epochs") { Description = "Epochs of the pose judge over the training frames and their copies.", DefaultValueFactory = _ => defaults.PoseEpochs };
        var epochs = new Option<int>("--epochs") { Description = "Epochs of each judge (fixed: no early stopping, the last epoch is kept).", DefaultValueFactory = _ => defaults.Epochs };
        var seed = new Option<long>("--seed") { Description = "Seed of every random choice (same seed and threads: same weights).", DefaultValueFactory = _ => defaults.Seed };
        var threads = new Option<int>("--threads") { Description = "Torch threads (results are bit-reproducible at a fixed count).", DefaultValueFactory = _ => defaults.Threads };
        var cmd = new Command("judges", "Train the second, independent image, sound and pose judges (never used in training or model selection).");
        foreach (var o in new Option[] { data, output, judges, epochs, poseEpochs, seed, threads }) cmd.Options.Add(o);
        cmd.SetAction((pr, ct) => CliAction.Run(() =>
        {
            var dataset = pr.GetValue(data)!;
            if (!Directory.Exists(dataset)) throw new InvalidInputException($"dataset folder '{dataset}' does not exist.");
            var settings = defaults with
            {
                Epochs = pr.GetValue(epochs), PoseEpochs = pr.GetValue(poseEpochs), Seed = pr.GetValue(seed), Threads = pr.GetValue(threads),
                Judges = pr.GetValue(judges) is { Length: > 0 } named ? named.Distinct().ToArray() : defaults.Judges,
            };
            settings.Validate();
            IReadOnlyList<Core.Storage.ModelManifest> saved = [];
            TrainingConsole.WithProgress(progress => saved = new JudgeTraining(dataset, pr.GetValue(output)!, settings) { Progress = progress }.Run(ct));
            // Per-parameter figures (the pose judge's r per instrument and parameter) stay in the manifest.
            var table = new Table().AddColumns("model", "minutes", "validation figures");
            foreach (var m in saved)
                table.AddRow(m.Id, (m.Metrics["training_seconds"] / 60).ToString("F1", CultureInfo.InvariantCulture),
                    Markup.Escape(string.Join(", ", m.Metrics.Where(kv => kv.Key.StartsWith("validation_") && kv.Key != "validation_n" && !kv.Key.Contains("_pose_"))
                        .Select(kv => $"{kv.Key["validation_".Length..]} {kv.Value.ToString("P1", CultureInfo.InvariantCulture)}"))));
            AnsiConsole.Write(table);
            AnsiConsole.WriteLine($"judges in {Path.GetFullPath(pr.GetValue(output)!)}");
            return 0;
        }));
        return cmd;
    }
}
