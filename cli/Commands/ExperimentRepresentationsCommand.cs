using System.CommandLine;
using System.Globalization;
using CrossModal.Core;
using CrossModal.DatasetTools.Experiments;
using Spectre.Console;

namespace CrossModal.Cli.Commands;

/// <summary>`crossmodal experiment representations --data DIR --out FILE.json [--markdown FILE.md]`: the paper's Table 1 on our data.</summary>
public static class ExperimentRepresentationsCommand
{
    public static Command Build()
    {
        var data = new Option<string>("--data") { Description = "Dataset folder (img/ + chunk/ with train and validation splits).", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs of each of the 10 classifiers.", DefaultValueFactory = _ => 3 };
        var perClass = new Option<int>("--per-class") { Description = "Training chunks per instrument (validation: a quarter as many); 0 = all.", DefaultValueFactory = _ => 50 };
        var seed = EvaluateShared.Seed();
        var output = new Option<string>("--out") { Description = "JSON result (put it in a model set as representations.json for `crossmodal report`).", Required = true };
        var markdown = new Option<string?>("--markdown") { Description = "Also write Table 1 (ours beside the paper's) as Markdown." };
        var threads = EvaluateShared.Threads();
        var cmd = new Command("representations",
            "Train the sound classifier (3 and 4 conv layers) on MS, LMS, CQT, MFCC and STFT of the same chunks and compare validation accuracy (paper Table 1). " +
            "Each representation is standardised by one scalar mean/std of its training values. " +
            "The defaults (50 training chunks per instrument, 3 epochs) are sized for about 20 minutes on 2 CPU cores with 13 instruments: " +
            "a measured 39-chunk run cost ~0.5 s per training chunk and epoch for all ten classifiers together (STFT, 1025 bins, is the dearest) plus ~0.1 s per chunk of features; raise both for firmer numbers.");
        foreach (var o in new Option[] { data, epochs, perClass, seed, output, markdown, threads }) cmd.Options.Add(o);
        cmd.SetAction((ParseResult pr, CancellationToken ct) => CliAction.Run(async () =>
        {
            var outPath = pr.GetValue(output)!;
            var mdPath = pr.GetValue(markdown);
            if (Directory.Exists(outPath)) throw new InvalidInputException($"--out '{outPath}' is a folder; give a .json file.");
            EvaluateShared.InitialiseTorch(pr.GetValue(threads));
            var options = new RepresentationStudyOptions { Epochs = pr.GetValue(epochs), PerClass = pr.GetValue(perClass), Seed = pr.GetValue(seed) };
            options.Validate();
            var result = await CliAction.ProgressConsole.Progress().AutoClear(true).StartAsync(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var progress = new Progress<(string Stage, int Done, int Total)>(p =>
                {
                    lock (tasks)
                    {
                        if (!tasks.TryGetValue(p.Stage, out var t)) tasks[p.Stage] = t = ctx.AddTask(Markup.Escape(p.Stage), maxValue: Math.Max(1, p.Total));
                        t.Value = Math.Max(t.Value, p.Done);
                    }
                });
                return Task.FromResult(RepresentationStudy.Run(pr.GetValue(data)!, options, progress, ct));
            });
            var dir = Path.GetDirectoryName(Path.GetFullPath(outPath));
            if (dir is not null) Directory.CreateDirectory(dir);
            RepresentationStudyFiles.Write(outPath, result);
            var table = RepresentationStudyFiles.Markdown(result);
            if (mdPath is not null) AtomicFile.WriteAllBytes(mdPath, System.Text.Encoding.UTF8.GetBytes("# Table 1 — audio representations\n\n" + table));
            Console.WriteLine(table);
            Console.WriteLine($"wrote {Path.GetFullPath(outPath)}{(mdPath is null ? "" : $" and {Path.GetFullPath(mdPath)}")}");
            return 0;
        }));
        return cmd;
    }
}
