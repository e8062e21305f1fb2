using System.CommandLine;
using CrossModal.DatasetTools.Synthetic;
using Spectre.Console;

namespace CrossModal.Cli.Commands;

/// <summary>
/// `crossmodal dataset sounds --bank freepats --out DIR`: a sound-only evaluation set, the synthetic melodies rendered
/// through another General MIDI bank, laid out for `evaluate audio --audio-root DIR`.
/// </summary>
public static class DatasetSoundsCommand
{
    public static Command Build()
    {
        var outOption = new Option<string>("--out") { Description = "Folder to create (new, empty, or a previous sound set to replace): OUT/<instrument>/*.wav and sounds.json.", Required = true };
        var bank = new Option<string>("--bank") { Description = "Sound bank: freepats (timidity; never trained on) or fluidr3 (fluidsynth).", DefaultValueFactory = _ => "freepats" };
        var perClass = new Option<int>("--per-class") { Description = "0.5 s chunks per instrument.", DefaultValueFactory = _ => SoundSetOptions.DefaultPerClass };
        var seed = new Option<int>("--seed") { Description = "Melody seed (4242: used by no dataset the models saw).", DefaultValueFactory = _ => SoundSetOptions.DefaultSeed };
        var instruments = new Option<string?>("--instruments") { Description = "Comma-separated instruments (default: every instrument the bank has; the others are listed as skipped)." };
        var jobs = new Option<int?>("--jobs") { Description = "Pieces rendered at once (default: one per processor)." };

        var cmd = new Command("sounds", "Synthesise a sound-only evaluation set: the synthetic melodies rendered through a General MIDI bank, cut into audible 0.5 s chunks, one folder per instrument.");
        foreach (var o in new Option[] { outOption, bank, perClass, seed, instruments, jobs }) cmd.Options.Add(o);
        cmd.SetAction((ParseResult pr, CancellationToken ct) => CliAction.Run(async () =>
        {
            var options = new SoundSetOptions
            {
                OutputDirectory = pr.GetValue(outOption)!,
                Bank = SoundBanks.Parse(pr.GetValue(bank)!),
                PerClass = pr.GetValue(perClass),
                Seed = pr.GetValue(seed),
                Instruments = DatasetSynthCommand.ParseList(pr.GetValue(instruments)),
                Parallelism = pr.GetValue(jobs),
            };
            options.Validate(); // fail before looking for programs or drawing a progress bar
            var renderer = SoundBanks.Locate(options.Bank);
            var summary = await DatasetSynthCommand.WithPieceProgress("rendering sounds", progress => SoundSetBuilder.Build(options, renderer, progress, ct), ct);
            Print(summary);
            return 0;
        }));
        return cmd;
    }

    static void Print(SoundSetSummary s)
    {
        var table = new Table().Title($"sound set ({s.Bank}, seed {s.Seed})").AddColumn("instrument").AddColumn(new TableColumn("chunks").RightAligned());
        foreach (var (name, n) in s.Counts) table.AddRow(name, n.ToString());
        table.AddRow("[bold]all[/]", s.Total.ToString());
        AnsiConsole.Write(table);
        foreach (var (name, why) in s.Skipped)
            AnsiConsole.MarkupLineInterpolated($"[yellow]skipped {name}[/]: {why}");
        AnsiConsole.MarkupLineInterpolated($"wrote {s.Total} chunks to [bold]{s.OutputDirectory}[/] in {s.Elapsed.TotalSeconds:F1} s");
    }
}
