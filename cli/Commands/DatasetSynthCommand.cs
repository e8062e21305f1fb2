using System.CommandLine;
using CrossModal.DatasetTools.Synthetic;
using Spectre.Console;

namespace CrossModal.Cli.Commands;

/// <summary>`crossmodal dataset synth`: build the synthetic paired dataset (FluidR3_GM sound, drawn players).</summary>
public static class DatasetSynthCommand
{
    public static Command Build()
    {
        var outOption = new Option<string>("--out") { Description = "Dataset folder to create (new, empty, or a previous synthetic dataset to replace).", Required = true };
        var perClass = new Option<int>("--per-class") { Description = "Pairs per instrument (split about 80/20 by piece).", DefaultValueFactory = _ => SyntheticDatasetOptions.DefaultPerClass };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives byte-identical sound, images and pairs.csv.", DefaultValueFactory = _ => 1 };
        var instruments = new Option<string?>("--instruments") { Description = "Comma-separated instruments (default: all 13)." };
        var imageSize = new Option<int>("--image-size") { Description = "Image side in pixels.", DefaultValueFactory = _ => SyntheticDatasetOptions.DefaultImageSize };
        var jobs = new Option<int?>("--jobs") { Description = "Pieces made at once (default: one per processor)." };

        var cmd = new Command("synth", "Synthesise the paired dataset: melodies rendered with the FluidR3 GM sound bank, cut into 0.5 s chunks, each with a drawn frame of the player in the matching pose.");
        foreach (var o in new Option[] { outOption, perClass, seed, instruments, imageSize, jobs }) cmd.Options.Add(o);
        cmd.SetAction((ParseResult pr, CancellationToken ct) => CliAction.Run(async () =>
        {
            var options = new SyntheticDatasetOptions
            {
                OutputDirectory = pr.GetValue(outOption)!,
                PerClass = pr.GetValue(perClass),
                Seed = pr.GetValue(seed),
                Instruments = ParseList(pr.GetValue(instruments)),
                ImageSize = pr.GetValue(imageSize),
                Parallelism = pr.GetValue(jobs),
            };
            var summary = await RunWithProgress(options, ct);
            PrintSummary(summary);
            return 0;
        }));
        return cmd;
    }

    internal static IReadOnlyList<string>? ParseList(string? value) =>
        value is null ? null : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Runs the builder under a Spectre progress bar on stderr.</summary>
    internal static Task<SyntheticDatasetSummary> RunWithProgress(SyntheticDatasetOptions options, CancellationToken ct)
    {
        options.Validate(); // fail before drawing a progress bar
        return WithPieceProgress("synthesising pairs", progress => SyntheticDatasetBuilder.Build(options, progress, ct), ct);
    }

    /// <summary>
    /// Runs a builder that reports <see cref="SynthProgress"/> (the paired dataset, a sound set) off the console thread,
    /// under a Spectre progress bar on stderr described as <paramref name="what"/>.
    /// </summary>
    internal static async Task<T> WithPieceProgress<T>(string what, Func<IProgress<SynthProgress>, T> build, CancellationToken ct)
    {
        T result = default!;
        await CliAction.ProgressConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(what, maxValue: 1);
                var progress = new Progress<SynthProgress>(p =>
                {
                    task.MaxValue = p.PairsTotal;
                    task.Value = p.PairsDone;
                    task.Description = $"{what} ({p.PiecesDone}/{p.PiecesTotal} pieces, last {p.LastPiece})";
                });
                result = await Task.Run(() => build(progress), ct);
                task.Value = task.MaxValue;
            });
        return result;
    }

    internal static void PrintSummary(SyntheticDatasetSummary s)
    {
        var table = new Table().Title($"synthetic dataset (seed {s.Seed}, {s.Pieces} pieces)")
            .AddColumn("instrument").AddColumn(new TableColumn("train").RightAligned())
            .AddColumn(new TableColumn("validation").RightAligned()).AddColumn(new TableColumn("total").RightAligned());
        foreach (var (name, c) in s.Counts)
            table.AddRow(name, c.Train.ToString(), c.Validation.ToString(), (c.Train + c.Validation).ToString());
        table.AddRow("[bold]all[/]", s.TotalTrain.ToString(), s.TotalValidation.ToString(), s.Total.ToString());
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"wrote {s.Total} pairs to [bold]{s.OutputDirectory}[/] in {s.Elapsed.TotalSeconds:F1} s");
    }
}
