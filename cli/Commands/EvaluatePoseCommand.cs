using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CrossModal.Core;
using CrossModal.Core.Evaluation;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;
using CrossModal.Domain;
using Spectre.Console;

namespace CrossModal.Cli.Commands;

/// <summary>
/// `crossmodal evaluate pose --models DIR --data DATASET [--split validation] [--instrument I ...] [--json]`: does the
/// generated pose follow the sound (issue 17 §3)? The pose regressor's r on the real frames of every instrument (which
/// parameters it can read), then, per pose model, r between the pose read from its images and the pose of the sound's note;
/// the same by the second pose judge where the store has one (<c>judge-pose</c>, <c>crossmodal train judges --judge pose</c>),
/// and how much of each parameter the sound determines at all (<see cref="SoundPoseCeiling"/>: a probe from the model's
/// condition, trained on the other split's pairs of the same dataset).
/// </summary>
public static class EvaluatePoseCommand
{
    /// <summary>What the command prints as JSON: the regressor's readability per instrument, and each pose model's figures.</summary>
    public sealed record PoseReport(string Source, IReadOnlyList<ReaderRow> Reader, IReadOnlyList<PoseEvaluation> Models);

    /// <summary>
    /// The pose regressor's Pearson r per parameter on one instrument's real frames (null: the parameter does not vary),
    /// and the second pose judge's where the store has one.
    /// </summary>
    public sealed record ReaderRow(string Instrument, IReadOnlyList<string> Parameters, double?[] R, double?[]? SecondR = null);

    public static Command Build()
    {
        var models = EvaluateShared.Models();
        var data = new Option<string>("--data") { Description = "Synthetic dataset folder (its pairs.csv has the true pose of every frame).", Required = true };
        var instruments = new Option<string[]>("--instrument")
        { Description = "Pose model(s) to measure (repeatable); left out, every pose model in --models.", AllowMultipleArgumentsPerToken = true };
        var (split, perClass, json, threads, seed) = (EvaluateShared.Split(), EvaluateShared.PerClass(), EvaluateShared.JsonOption(), EvaluateShared.Threads(), EvaluateShared.Seed());
        var cmd = new Command("pose", "Measure whether the pose models draw the pose the sound implies: the pose regressor reads the pose of real frames and of images generated from their sounds; Pearson's r of each against the true pose, per parameter.");
        foreach (var o in new Option[] { models, data, split, instruments, perClass, seed, json, threads }) cmd.Options.Add(o);
        cmd.SetAction((ParseResult pr, CancellationToken ct) => CliAction.Run(() =>
        {
            EvaluateShared.InitialiseTorch(pr.GetValue(threads));
            using var set = EvaluateShared.OpenModels(pr.GetValue(models)!);
            var wanted = pr.GetValue(instruments) is { Length: > 0 } named ? named : Instruments.All.Where(i => set.Has(StoredModels.PoseId(i))).ToArray();
            foreach (var i in wanted)
                if (!Instruments.IsKnown(i)) throw new InvalidInputException($"'{i}' is not one of {string.Join(", ", Instruments.All)}.");
            if (wanted.Length == 0) throw new InvalidInputException($"'{set.Root}' has no pose model (pose-<instrument>): train one with `crossmodal train pose` or a recipe's pose step.");
            var regressor = set.PoseRegressor;
            using var loaded = EvaluateShared.LoadSplit(pr.GetValue(data)!, pr.GetValue(split)!, pr.GetValue(perClass), ct, pose: true);
            var source = EvaluateShared.SourceOf(pr.GetValue(data)!, pr.GetValue(split)!);
            if (loaded.Data.Pose is null) throw new InvalidInputException($"{source} has no pose parameters (pose_0..pose_3 in pairs.csv: only the synthetic dataset has them).");
            var truth = PoseRegressorTrainer.Rows(loaded.Data.Pose);
            var read = PoseRegressorTrainer.Read(regressor, loaded.Data.Images, loaded.Data.Labels);
            var readBySecond = set.Has(StoredModels.PoseJudgeId)
                ? PoseCorrelation.PerInstrument(PoseRegressorTrainer.Read(set.PoseJudge, loaded.Data.Images, loaded.Data.Labels), truth, loaded.Data.Labels)
                    .ToDictionary(t => t.Instrument, t => t.R)
                : null;
            var reader = PoseCorrelation.PerInstrument(read, truth, loaded.Data.Labels)
                .Select(t => new ReaderRow(t.Instrument, PoseParameterNames.Of(t.Instrument), t.R, readBySecond?[t.Instrument])).ToList();
            using var other = EvaluateShared.LoadSplit(pr.GetValue(data)!, EvaluateShared.OtherSplit(pr.GetValue(split)!), pr.GetValue(perClass), ct, pose: true, instruments: wanted);
            var measured = wanted.Select(i => SoundPoseCeiling.Beside(
                EvaluateShared.WithProgress($"generating and reading poses (pose-{i})", p => PoseEvaluator.OnSplit(set, i, loaded, source, pr.GetValue(seed), p, ct)),
                set, other, loaded)).ToList();
            var report = new PoseReport(source, reader, measured);
            if (pr.GetValue(json)) Console.Out.WriteLine(JsonSerializer.Serialize(report, EvaluateShared.Json));
            else Print(report);
            return 0;
        }));
        return cmd;
    }

    static void Print(PoseReport report)
    {
        var c = AnsiConsole.Console;
        c.WriteLine($"pose on {report.Source}");
        var reader = new Table().Title("the pose regressor on real frames: Pearson r per parameter (readable from r ≥ 0.5)").AddColumn("instrument");
        for (var k = 0; k < 4; k++) reader.AddColumn(new TableColumn($"pose_{k}").RightAligned());
        foreach (var row in report.Reader)
            reader.AddRow(new[] { row.Instrument }.Concat(row.R.Select((r, k) => $"{PoseCorrelation.Text(r)} {Markup.Escape(row.Parameters[k])}")).ToArray());
        c.Write(reader);
        if (report.Reader.Any(r => r.SecondR is not null))
        {
            var second = new Table().Title("the second pose judge on real frames: Pearson r per parameter").AddColumn("instrument");
            for (var k = 0; k < 4; k++) second.AddColumn(new TableColumn($"pose_{k}").RightAligned());
            foreach (var row in report.Reader.Where(r => r.SecondR is not null))
                second.AddRow(new[] { row.Instrument }.Concat(row.SecondR!.Select(PoseCorrelation.Text)).ToArray());
            c.Write(second);
        }
        foreach (var m in report.Models)
        {
            var withSecond = m.Parameters.Any(p => p.SecondReaderR is not null);
            var t = new Table().Title(Markup.Escape($"{m.ModelId}: {m.Pairs} sounds of {m.Instrument}, seed {m.Seed}"))
                .AddColumn("parameter").AddColumn(new TableColumn("r, probe from sound").RightAligned())
                .AddColumn(new TableColumn("r, real frames").RightAligned()).AddColumn(new TableColumn("r, generated").RightAligned())
                .AddColumn(new TableColumn("error, generated").RightAligned()).AddColumn(new TableColumn("error, mean pose").RightAligned()).AddColumn("follows the sound (r ≥ 0.3)");
            if (withSecond)
                t.AddColumn(new TableColumn("second judge: r, real").RightAligned()).AddColumn(new TableColumn("r, generated").RightAligned()).AddColumn("follows");
            foreach (var p in m.Parameters)
            {
                var cells = new List<string>
                {
                    Markup.Escape($"pose_{p.Index} {p.Name}"), PoseCorrelation.Text(p.SoundR), PoseCorrelation.Text(p.ReaderR), PoseCorrelation.Text(p.GeneratedR),
                    p.GeneratedMae.ToString("0.000", CultureInfo.InvariantCulture), p.MeanPoseMae.ToString("0.000", CultureInfo.InvariantCulture), Verdict(p.Follows),
                };
                if (withSecond) cells.AddRange([PoseCorrelation.Text(p.SecondReaderR), PoseCorrelation.Text(p.SecondGeneratedR), Verdict(p.SecondFollows)]);
                t.AddRow(cells.ToArray());
            }
            c.Write(t);
            var readable = m.Parameters.Where(p => p.Readable).ToList();
            var set = readable.Where(p => p.SetBySound == true).ToList();
            c.WriteLine($"{m.ModelId}: {readable.Count(p => p.Follows == true)} of {readable.Count} readable parameters follow the sound; " +
                        $"{set.Count(p => p.Follows == true)} of the {set.Count} the sound sets (probe r ≥ {PoseParameterResult.ReadableFrom}).");
        }
        c.WriteLine($"({report.Models.FirstOrDefault()?.Method}; r, probe from sound: {SoundPoseCeiling.Method})");
    }

    static string Verdict(bool? follows) => follows switch { true => "yes", false => "no", null => "not readable" };
}
