using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CrossModal.Core.Datasets;
using Spectre.Console;

namespace CrossModal.Cli.Commands;

/// <summary>`crossmodal dataset stats DIR [--json]`: what a dataset holds, as tables or one JSON object.</summary>
public static class DatasetStatsCommand
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, // silence is -Infinity dBFS
    };

    public static Command Build()
    {
        var dir = new Argument<string>("dir") { Description = "Dataset folder (img/ + chunk/, or images/ + sounds/)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of tables." };
        var cmd = new Command("stats", "Count a dataset's pairs per split and instrument, its duration, image sizes, loudness, and what was skipped.");
        cmd.Arguments.Add(dir);
        cmd.Options.Add(json);
        cmd.SetAction((ParseResult pr, CancellationToken ct) => CliAction.Run(async () =>
        {
            var root = pr.GetValue(dir)!;
            var stats = await CliAction.ProgressConsole.Progress()
                .AutoClear(true)
                .StartAsync(ctx =>
                {
                    var reading = ctx.AddTask("reading dataset");
                    reading.IsIndeterminate = true;
                    var dataset = DatasetFolder.Read(root, ct: ct);
                    reading.StopTask();
                    var measuring = ctx.AddTask("measuring pairs", maxValue: Math.Max(1, dataset.Samples.Count));
                    var result = DatasetStatsCalculator.Compute(dataset, new Progress<int>(n => measuring.Value = n), ct);
                    measuring.Value = measuring.MaxValue;
                    return Task.FromResult(result);
                });
            if (pr.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(stats, Json));
            else Render(stats);
            return 0;
        }));
        return cmd;
    }

    static void Render(DatasetStats s)
    {
        var console = AnsiConsole.Console;
        console.WriteLine($"{s.Root}: {s.Pairs} pairs, {s.TotalSoundSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s of sound" +
            (s.ManifestSource is null ? "" : $" (source: {s.ManifestSource}{(s.ManifestSeed is long seed ? $", seed {seed}" : "")})"));

        var splits = s.PairsBySplit.Keys.ToList();
        var counts = new Table().Title("pairs").AddColumn("label");
        foreach (var split in splits) counts.AddColumn(new TableColumn(split).RightAligned());
        counts.AddColumn(new TableColumn("total").RightAligned());
        foreach (var label in s.Labels.Where(l => s.PairsBySplit.Values.Any(c => c.ContainsKey(l))))
        {
            var row = new List<string> { label };
            row.AddRange(splits.Select(sp => s.PairsBySplit[sp].GetValueOrDefault(label).ToString(CultureInfo.InvariantCulture)));
            row.Add(s.PairsBySplit.Values.Sum(c => c.GetValueOrDefault(label)).ToString(CultureInfo.InvariantCulture));
            counts.AddRow(row.Select(Markup.Escape).ToArray());
        }
        var totals = new List<string> { "total" };
        totals.AddRange(splits.Select(sp => s.PairsBySplit[sp].Values.Sum().ToString(CultureInfo.InvariantCulture)));
        totals.Add(s.Pairs.ToString(CultureInfo.InvariantCulture));
        counts.AddRow(totals.ToArray());
        console.Write(counts);

        var details = new Table().Title("details").AddColumn("what").AddColumn("value");
        foreach (var (split, videos) in s.VideosBySplit) details.AddRow($"videos in {split}", videos.ToString(CultureInfo.InvariantCulture));
        foreach (var (size, n) in s.ImageSizes) details.AddRow("image size", Markup.Escape($"{size}: {n}"));
        foreach (var (format, n) in s.SoundFormats) details.AddRow("sound", Markup.Escape($"{format}: {n}"));
        if (s.Loudness is LoudnessSummary l)
        {
            details.AddRow("loudness dBFS", string.Create(CultureInfo.InvariantCulture,
                $"min {l.Min:0.0}, p10 {l.P10:0.0}, median {l.Median:0.0}, p90 {l.P90:0.0}, max {l.Max:0.0}, mean {l.Mean:0.0}"));
            details.AddRow("at or below -45 dBFS", l.AtOrBelowThreshold.ToString(CultureInfo.InvariantCulture));
        }
        foreach (var (reason, n) in s.BuildSkippedByReason)
            details.AddRow(Markup.Escape($"skipped when built: {Describe(reason)}"), n.ToString(CultureInfo.InvariantCulture));
        details.AddRow("skipped when read", s.Skipped.ToString(CultureInfo.InvariantCulture));
        foreach (var (reason, n) in s.SkippedByReason)
            details.AddRow(Markup.Escape($"  {Describe(reason)}"), n.ToString(CultureInfo.InvariantCulture));
        console.Write(details);
        foreach (var note in s.Notes) console.WriteLine($"note: {note}");
    }

    static string Describe(string reason) => Enum.TryParse<SkipReason>(reason, out var r) ? DatasetBuildCommand.Describe(r) : reason;
}
