using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CrossModal.Core;
using CrossModal.Core.Datasets;

namespace CrossModal.DatasetTools.Experiments;

/// <summary>Reading and writing the representation study's JSON, and its Markdown table beside the paper's.</summary>
public static class RepresentationStudyFiles
{
    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Write(string path, RepresentationStudyResult result) =>
        AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(result, Json)));

    /// <summary>The study at <paramref name="path"/>, or null when there is none; a corrupt file is an error naming it.</summary>
    public static RepresentationStudyResult? Read(string path)
    {
        if (!File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize<RepresentationStudyResult>(File.ReadAllText(path), Json); }
        catch (JsonException e) { throw new InvalidInputException($"'{path}' is not a representation study result: {e.Message}", e); }
    }

    /// <summary>Table 1 as Markdown: rows = conv layers, columns = representations, ours (paper's) in each cell.</summary>
    public static string Markdown(RepresentationStudyResult r)
    {
        var reps = r.Scores.Select(s => s.Representation).Distinct().ToList();
        var sb = new StringBuilder();
        sb.AppendLine($"| layers | {string.Join(" | ", reps)} |");
        sb.AppendLine($"|---|{string.Concat(reps.Select(_ => "---|"))}");
        foreach (var layers in r.Scores.Select(s => s.ConvLayers).Distinct().Order())
        {
            var cells = reps.Select(rep => r.Scores.FirstOrDefault(s => s.Representation == rep && s.ConvLayers == layers) is { } s
                ? $"{Pct(s.ValidationAccuracy)} ({(s.PaperAccuracy is double p ? Pct(p) : "–")})" : "–");
            sb.AppendLine($"| {layers} conv | {string.Join(" | ", cells)} |");
        }
        sb.AppendLine();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Ours (paper's) validation accuracy. {r.TrainN} training and {r.ValidationN} validation chunks of `{r.Dataset}`, {r.Epochs} epochs, seed {r.Seed}, {r.Threads} threads; features took {r.FeatureSeconds:0.0} s; {r.Standardisation}."));
        return sb.ToString();
    }

    static string Pct(double v) => (v * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";
}
