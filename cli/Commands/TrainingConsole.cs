using CrossModal.Core.Recipes;
using CrossModal.DatasetTools.Codecs;
using CrossModal.Core.Training;
using Spectre.Console;

namespace CrossModal.Cli.Commands;

/// <summary>Runs a recipe with a live progress bar per model on stderr and a summary table at the end.</summary>
public static class TrainingConsole
{
    public static int Run(TrainingRecipe recipe, string dataset, string output, bool force, CancellationToken cancel)
    {
        TrainingHistory? history = null;
        WithProgress(progress => history = new RecipeRunner(recipe, dataset, output)
        {
            Force = force, Progress = progress,
            // The sound encoder's codec augmentation (soundEncoder.codec) runs ffmpeg, which core does not start itself.
            LossyCodec = recipe.SoundEncoder is { Codec: > 0 } ? new FfmpegLossyCodec() : null,
        }.Run(cancel));

        var table = new Table().AddColumns("model", "kind", "minutes", "parameters", "validation accuracy");
        foreach (var s in history!.Steps)
            table.AddRow(s.Id, s.Kind, (s.Seconds / 60).ToString("F1"), s.Parameters.ToString("N0"),
                s.Metrics.TryGetValue("validation_accuracy", out var v) ? v.ToString("P1") : "-");
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine($"models in {Path.GetFullPath(output)}");
        return 0;
    }

    /// <summary>
    /// Runs <paramref name="train"/> under live progress bars on stderr: one bar per model and phase, a kept line per
    /// message and per judged epoch.
    /// </summary>
    public static void WithProgress(Action<IProgress<RecipeEvent>> train)
    {
        var console = CliAction.ProgressConsole;
        console.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                train(new InlineProgress<RecipeEvent>(e =>
                {
                    if (e.Message is { } message)
                    {
                        console.MarkupLine($"[grey]{Markup.Escape(e.Step)}:[/] {Markup.Escape(message)}");
                        return;
                    }
                    if (e.Progress is not { } p) return;
                    if (!tasks.TryGetValue(e.Step + p.Phase, out var task))
                        tasks[e.Step + p.Phase] = task = ctx.AddTask(Markup.Escape($"{e.Step} {p.Phase}"), maxValue: p.Epochs * p.StepsPerEpoch);
                    task.Value = (p.Epoch - 1) * p.StepsPerEpoch + p.Step;
                    var losses = string.Join(" ", p.Losses.Select(kv => $"{kv.Key} {kv.Value:F3}"));
                    var acc = p.Accuracy is double a ? $" acc {a:P1}" : "";
                    task.Description = Markup.Escape($"{e.Step} {p.Phase} epoch {p.Epoch}/{p.Epochs} {losses}{acc}");
                    // One kept line per completed epoch: the bar's description is overwritten by the next step.
                    if (p.EpochCompleted)
                        console.MarkupLine($"[grey]{Markup.Escape(e.Step)}:[/] epoch {p.Epoch}/{p.Epochs} {Markup.Escape(losses)}" +
                                           (p.Accuracy is double judged ? $" validation accuracy {judged:P1}" : ""));
                    if (p.EpochCompleted && p.Epoch == p.Epochs) task.StopTask();
                }));
            });
    }
}
