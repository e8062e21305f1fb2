using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrossModal.Core;
using CrossModal.Core.Evaluation;
using CrossModal.Core.Evaluation.Quality;
using CrossModal.Core.Storage;
using Spectre.Console;

namespace CrossModal.Cli.Commands;

/// <summary>
/// `--quality` of `evaluate s2i|i2s --data`: the measures a generator cannot fool (variety, coverage, noise share,
/// second judges, round trips) printed after the judged accuracy, or added to the JSON object as "quality".
/// </summary>
internal static class EvaluateQuality
{
    public static Option<bool> Option() => new("--quality")
    {
        Description = "With --data: also measure within-sound variety (8 samples per sound), coverage and density, the noise share at G's first layer, the second judges and the round trip (slower).",
    };

    public static Option<bool> RecordOption() => new("--record")
    {
        Description = "With --quality: record the headline figures in the model's manifest as quality.* metrics (shown by `models list` and the web app's Models page). Use a split no choice was made on.",
    };

    /// <summary>--record needs --quality: there is nothing else to record.</summary>
    public static void RequireQualityForRecord(bool record, bool quality)
    {
        if (record && !quality) throw new InvalidInputException("--record records the --quality measures: give --quality too.");
    }

    /// <summary>Writes the figures into the model's manifest and says so on stderr.</summary>
    public static void Record(string models, string modelId, IReadOnlyDictionary<string, double> metrics)
    {
        ModelStore.RecordMetrics(models, modelId, metrics);
        Console.Error.WriteLine($"recorded {metrics.Count} quality metrics in model '{modelId}'");
    }

    /// <summary>The judged result and, when measured, the quality measures: one JSON object, or tables.</summary>
    public static void Print(EvaluationResult result, object? quality, bool json)
    {
        if (!json)
        {
            EvaluateShared.Print(result, json: false);
            if (quality is S2IQuality s) Print(s);
            if (quality is I2SQuality i) Print(i);
            return;
        }
        var node = JsonSerializer.SerializeToNode(result, EvaluateShared.Json)!.AsObject();
        if (quality is not null) node["quality"] = JsonSerializer.SerializeToNode(quality, quality.GetType(), EvaluateShared.Json);
        Console.Out.WriteLine(node.ToJsonString(EvaluateShared.Json));
    }

    static void Print(S2IQuality q)
    {
        var c = AnsiConsole.Console;
        c.WriteLine(F($"quality of {q.ModelId} on {q.Sounds} sounds, {q.SamplesPerSound} samples each (seed {q.Seed}):"));
        if (q.NoiseShare is double share) c.WriteLine(F($"  noise share of G's first-layer variance: {share:P1}"));
        c.WriteLine(F($"  coverage {q.Coverage.Coverage:0.###}, density {q.Coverage.Density:0.###} ({q.Coverage.Space}, k = {q.Coverage.K}, mean over instruments)"));
        if (q.CoverageReference is { } reference)
            c.WriteLine(F($"  reference: real scenes of other pieces in place of the generated ones reach coverage {reference.Coverage:0.###}, density {reference.Density:0.###}"));
        if (q.CoverageAcrossPieces is { } across)
            c.WriteLine(F($"  coverage across pieces {across.Coverage:0.###}, density {across.Density:0.###} (each real scene's ball reaches its k-th nearest scene of another piece)"));
        if (q.CoverageAcrossPiecesReference is { } acrossReference)
            c.WriteLine(F($"  reference: real scenes of other pieces reach coverage across pieces {acrossReference.Coverage:0.###}, density {acrossReference.Density:0.###}"));
        foreach (var j in new[] { q.SecondJudge, q.SecondJudgeGreyscale, q.RoundTrip }) PrintJudged(j);
        var table = VarietyTable(q.PixelVariety, q.FeatureVariety).AddColumn(new TableColumn("coverage").RightAligned()).AddColumn(new TableColumn("density").RightAligned())
            .AddColumn(new TableColumn("coverage across pieces").RightAligned());
        for (var i = 0; i < q.PixelVariety.PerInstrument.Count; i++)
        {
            var cov = q.Coverage.PerInstrument[i];
            var acrossCell = q.CoverageAcrossPieces is { } a ? F($"{a.PerInstrument[i].Coverage:0.00}") : "–";
            table.AddRow(VarietyRow(q.PixelVariety, q.FeatureVariety, i).Concat([F($"{cov.Coverage:0.00}"), F($"{cov.Density:0.00}"), acrossCell]).ToArray());
        }
        c.Write(table);
        foreach (var note in q.Notes) c.WriteLine($"  note: {note}");
    }

    static void Print(I2SQuality q)
    {
        var c = AnsiConsole.Console;
        c.WriteLine(F($"quality of i2s on {q.Images} images, {q.SamplesPerImage} samples each (seed {q.Seed}):"));
        foreach (var j in new[] { q.SecondJudge, q.RoundTrip }) PrintJudged(j);
        var table = VarietyTable(q.SpectrogramVariety, q.FeatureVariety);
        for (var i = 0; i < q.SpectrogramVariety.PerInstrument.Count; i++) table.AddRow(VarietyRow(q.SpectrogramVariety, q.FeatureVariety, i).ToArray());
        c.Write(table);
        foreach (var note in q.Notes) c.WriteLine($"  note: {note}");
    }

    static void PrintJudged(JudgedAccuracy? j)
    {
        if (j is null) return;
        var refused = j.Refused is double r ? F($", {r:P1} refused") : "";
        AnsiConsole.Console.WriteLine(F($"  {j.Judge}: {j.Result.Accuracy:P1} over {j.Result.N} ({j.Samples}{refused})"));
    }

    static Table VarietyTable(VarietyRatio first, VarietyRatio second) => new Table()
        .Title(F($"variety R (overall: {first.Space} {first.Overall:0.000}, {second.Space} {second.Overall:0.000})"))
        .AddColumn("instrument").AddColumn(new TableColumn($"R {first.Space}").RightAligned()).AddColumn(new TableColumn($"R {second.Space}").RightAligned());

    static IEnumerable<string> VarietyRow(VarietyRatio first, VarietyRatio second, int i) =>
        [first.PerInstrument[i].Instrument, F($"{first.PerInstrument[i].Ratio:0.000}"), F($"{second.PerInstrument[i].Ratio:0.000}")];

    static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
