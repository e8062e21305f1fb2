using System.CommandLine;
using CrossModal.Core.Datasets;
using CrossModal.DatasetTools.Video;
using Spectre.Console;

namespace CrossModal.Cli.Commands;

/// <summary>`crossmodal dataset build --videos DIR --out DIR [--seed S] [--image-size N]`: a paired dataset from performance videos.</summary>
public static class DatasetBuildCommand
{
    public static Command Build()
    {
        var videos = new Option<string>("--videos")
        {
            Description = "Folder of performance videos, named <instrument><NN>.<ext> or inside <instrument>/ folders.",
            Required = true,
        };
        var output = new Option<string>("--out") { Description = "Dataset folder to create (must not exist, or be empty).", Required = true };
        var seed = new Option<long>("--seed") { Description = "Seed of the 80/20 split by video.", DefaultValueFactory = _ => 0 };
        var imageSize = new Option<int>("--image-size")
        {
            Description = "Side of the square frames stored (centre crop, then scale).",
            DefaultValueFactory = _ => 256,
        };
        var cmd = new Command("build",
            "Build a paired dataset from performance videos as the paper built Sub-URMP: 0.5 s chunks of 44.1 kHz mono audio, " +
            "the first frame of each chunk, chunks at or below -45 dBFS dropped, 80/20 split by video.");
        cmd.Options.Add(videos);
        cmd.Options.Add(output);
        cmd.Options.Add(seed);
        cmd.Options.Add(imageSize);
        cmd.SetAction((ParseResult pr, CancellationToken ct) => CliAction.Run(async () =>
        {
            var options = new VideoBuildOptions(pr.GetValue(videos)!, pr.GetValue(output)!, pr.GetValue(seed), pr.GetValue(imageSize));
            var result = await CliAction.ProgressConsole.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("videos", autoStart: true, maxValue: 1);
                    var progress = new Progress<VideoBuildProgress>(p =>
                    {
                        task.MaxValue = Math.Max(1, p.Total);
                        task.Value = p.Done;
                        task.Description = Markup.Escape($"{p.Video}: {p.Stage}");
                    });
                    return await VideoDatasetBuilder.BuildAsync(options, progress, ct);
                });
            PrintSummary(result);
            return 0;
        }));
        return cmd;
    }

    static void PrintSummary(VideoBuildResult result)
    {
        Console.WriteLine($"built {result.Pairs} pairs from {result.Videos} video(s) into {result.OutputDir}");
        foreach (var (split, labels) in result.Manifest.Counts.OrderBy(kv => kv.Key == "train" ? 0 : 1))
            Console.WriteLine($"  {split}: {labels.Values.Sum()} pairs ({string.Join(", ", labels.Select(kv => $"{kv.Key} {kv.Value}"))})");
        foreach (var (reason, count) in result.Report.CountsByReason())
            Console.WriteLine($"  skipped {count}: {Describe(reason)}");
        foreach (var bad in result.Report.Skipped.Where(s => s.Reason is SkipReason.BadSource or SkipReason.BadName or SkipReason.DuplicateName))
            Console.WriteLine($"  skipped {Path.GetFileName(bad.Path)}: {bad.Detail}");
        foreach (var note in result.Report.Notes) Console.WriteLine($"  note: {note}");
    }

    internal static string Describe(SkipReason reason) => reason switch
    {
        SkipReason.Silent => "chunks at or below -45 dBFS",
        SkipReason.NoFrame => "chunks without a video frame",
        SkipReason.BadSource => "unusable videos or recordings",
        SkipReason.BadName => "files whose name does not say the instrument",
        SkipReason.DuplicateName => "files whose name is already taken",
        SkipReason.UnexpectedFile => "files that are not videos",
        SkipReason.UnknownLabel => "files in folders not named after an instrument",
        SkipReason.ImageWithoutSound => "images without a sound",
        SkipReason.SoundWithoutImage => "sounds without an image",
        SkipReason.UnreadableImage => "unreadable images",
        SkipReason.UnreadableSound => "unreadable sounds",
        _ => reason.ToString(),
    };
}
