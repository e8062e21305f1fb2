using System.CommandLine;
using CrossModal.DatasetTools.Synthetic;
using Spectre.Console;

namespace CrossModal.Cli.Commands;

/// <summary>
/// `crossmodal demo`: what the system can do right now, end to end in about a minute — synthesise a small
/// paired dataset (real FluidR3 sound, drawn players), draw its sample grid, and show what was made.
/// </summary>
public static class DemoCommand
{
    static readonly string[] NoteNames = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];

    public static Command Build()
    {
        var outOption = new Option<string?>("--out") { Description = "Folder for the demo dataset (default: crossmodal-demo in the temp folder)." };
        var perClass = new Option<int>("--per-class") { Description = "Pairs per instrument.", DefaultValueFactory = _ => 4 };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var cmd = new Command("demo", "Synthesise a small paired dataset (all 13 instruments), draw its sample grid and show what was made.");
        cmd.Options.Add(outOption);
        cmd.Options.Add(perClass);
        cmd.Options.Add(seed);
        cmd.SetAction((ParseResult pr, CancellationToken ct) => CliAction.Run(async () =>
        {
            var dir = pr.GetValue(outOption) ?? Path.Combine(Path.GetTempPath(), "crossmodal-demo");
            var options = new SyntheticDatasetOptions { OutputDirectory = dir, PerClass = pr.GetValue(perClass), Seed = pr.GetValue(seed) };
            var summary = await DatasetSynthCommand.RunWithProgress(options, ct);
            DatasetSynthCommand.PrintSummary(summary);

            var grid = Path.Combine(summary.OutputDirectory, "preview.png");
            SampleGrid.Write(summary.OutputDirectory, grid, columns: Math.Min(6, options.PerClass));
            var pairs = PairsCsv.Read(Path.Combine(summary.OutputDirectory, PairsCsv.FileName));

            var sample = new Table().Title("one pair per instrument (pose values are ground truth, 0..1)")
                .AddColumn(new TableColumn("pair").NoWrap()).AddColumn(new TableColumn("note").NoWrap()).AddColumn(new TableColumn("vel").RightAligned()).AddColumn(new TableColumn("dB").RightAligned())
                .AddColumn("split").AddColumn(new TableColumn("pose_0..3").NoWrap());
            foreach (var p in pairs.GroupBy(p => p.Instrument).Select(g => g.First()))
                sample.AddRow(
                    Markup.Escape(p.Name),
                    $"{NoteNames[p.MidiPitch % 12]}{p.MidiPitch / 12 - 1} ({p.MidiPitch})",
                    p.Velocity.ToString(),
                    p.Dbfs.ToString("F1"),
                    p.Split == "validation" ? "val" : p.Split,
                    $"{p.Pose.Pose0:F2} {p.Pose.Pose1:F2} {p.Pose.Pose2:F2} {p.Pose.Pose3:F2}");
            AnsiConsole.Write(sample);
            AnsiConsole.MarkupLineInterpolated($"dataset:      [bold]{summary.OutputDirectory}[/]");
            AnsiConsole.MarkupLine("each pair:    img/<split>/<instr>/<name>.jpg + chunk/<split>/<instr>/<name>.wav");
            AnsiConsole.MarkupLineInterpolated($"pairs table:  {Path.Combine(summary.OutputDirectory, PairsCsv.FileName)}");
            AnsiConsole.MarkupLineInterpolated($"sample grid:  {grid}");
            AnsiConsole.MarkupLine("full size (800 pairs per instrument): [bold]crossmodal dataset synth --out DIR[/]");
            return 0;
        }));
        return cmd;
    }
}
