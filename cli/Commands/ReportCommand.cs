using System.CommandLine;
using CrossModal.DatasetTools.Reporting;
using Spectre.Console;

namespace CrossModal.Cli.Commands;

/// <summary>`crossmodal report --models DIR --data DIR --out docs/RESULTS.md`: every table and plot of the paper beside ours.</summary>
public static class ReportCommand
{
    public static Command Build()
    {
        var models = EvaluateShared.Models();
        var data = new Option<string>("--data") { Description = "Dataset folder (img/ + chunk/ with train and validation splits).", Required = true };
        var testData = new Option<string?>("--test-data") { Description = "A dataset used for no choice (e.g. `dataset synth --seed 2027`): its validation split is the test split, where the quality measures (variety, coverage, noise share, second judges, round trips) are taken." };
        var realImages = new Option<string?>("--real-images") { Description = "Real photographs ROOT/<instrument>/* (e.g. tests/fixtures/suburmp-frames): the domain gap, measured as is." };
        var output = new Option<string>("--out") { Description = "Markdown file to write; PNGs go to images/ and WAVs to audio/ beside it.", DefaultValueFactory = _ => "docs/RESULTS.md" };
        var perClass = new Option<int>("--per-class") { Description = "Pairs per instrument and split to evaluate (seeded choice; 0 = all).", DefaultValueFactory = _ => 100 };
        var seed = EvaluateShared.Seed();
        var audio = new Option<int>("--audio-examples") { Description = "Instruments that get an I2S sound to listen to (0-13).", DefaultValueFactory = _ => 4 };
        var threads = EvaluateShared.Threads();
        var cmd = new Command("report", "Evaluate a trained model set on a dataset (and a test split used for no choice) and write a Markdown report with the paper's tables and figures beside ours (Table 1, encoders, Table 5, I2S, quality on the test split, Fig. 9, confusion matrices, FID, diversity, pose, sample grids, sounds, training cost).");
        foreach (var o in new Option[] { models, data, testData, realImages, output, perClass, seed, audio, threads }) cmd.Options.Add(o);
        cmd.SetAction((ParseResult pr, CancellationToken ct) => CliAction.Run(async () =>
        {
            EvaluateShared.InitialiseTorch(pr.GetValue(threads));
            var options = new ReportOptions
            {
                Models = pr.GetValue(models)!, Data = pr.GetValue(data)!, TestData = pr.GetValue(testData), RealImages = pr.GetValue(realImages), Output = pr.GetValue(output)!,
                PerClass = pr.GetValue(perClass), Seed = pr.GetValue(seed), AudioExamples = pr.GetValue(audio),
            };
            var written = await CliAction.ProgressConsole.Progress().AutoClear(true).StartAsync(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var progress = new Progress<(string Stage, int Done, int Total)>(p =>
                {
                    lock (tasks)
                    {
                        if (!tasks.TryGetValue(p.Stage, out var t)) tasks[p.Stage] = t = ctx.AddTask(Markup.Escape(p.Stage), maxValue: Math.Max(1, p.Total));
                        t.Value = p.Done;
                    }
                });
                return Task.FromResult(ResultsReport.Write(options, progress, ct));
            });
            foreach (var f in written) Console.WriteLine($"wrote {f}");
            return 0;
        }));
        return cmd;
    }
}
