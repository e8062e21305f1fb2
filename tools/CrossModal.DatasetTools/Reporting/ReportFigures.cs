using System.Globalization;
using CrossModal.Core.Audio;
using CrossModal.Core.Datasets;
using CrossModal.Domain;
using CrossModal.Core.Generation;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;
using CrossModal.Core.Recipes;
using static CrossModal.DatasetTools.Reporting.ReportFormat;
using static TorchSharp.torch;

namespace CrossModal.DatasetTools.Reporting;

/// <summary>The report's pictures and sounds: Fig. 9, its key-epoch grids, sample grids and I2S sounds to listen to.</summary>
internal static class ReportFigures
{
    public const string ImagesFolder = ResultsReport.ImagesFolder, AudioFolder = ResultsReport.AudioFolder;

    public static byte[]? Fig9(TrainingHistory history)
    {
        var series = new List<PlotSeries>();
        foreach (var step in history.Steps.Where(s => s.Kind == ModelKinds.S2I).OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            var name = step.Id.ToUpperInvariant();
            var tr = step.Epochs.Where(e => e.TrainAccuracy is not null).Select(e => ((double)e.Epoch, e.TrainAccuracy!.Value * 100)).ToList();
            var va = step.Epochs.Where(e => e.ValidationAccuracy is not null).Select(e => ((double)e.Epoch, e.ValidationAccuracy!.Value * 100)).ToList();
            if (tr.Count > 0) series.Add(new PlotSeries($"{name} train", tr));
            if (va.Count > 0) series.Add(new PlotSeries($"{name} validation", va, Dashed: true));
        }
        return series.Count == 0 ? null
            : LinePlot.Render("S2I generated-image accuracy (image classifier)", "epoch", "accuracy (%)", series, (0, 100));
    }

    /// <summary>
    /// Fig. 9's sample grids at key epochs: the preview grids the recipe saved during training (one sample per
    /// instrument, fixed noise), copied beside the report, one table per S2I model; the kept epoch is named.
    /// </summary>
    public static IEnumerable<string> KeyEpochGrids(TrainingHistory history, string modelsRoot, List<(string, byte[])> files)
    {
        foreach (var step in history.Steps.Where(s => s.Kind == ModelKinds.S2I).OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            var previews = step.Epochs.Where(e => e.Preview is not null && File.Exists(Path.Combine(modelsRoot, e.Preview))).ToList();
            var kept = step.Epochs.FirstOrDefault(e => e.Selected);
            var name = step.Id.ToUpperInvariant();
            yield return $"**{name}**" + (kept is null ? $": the last epoch ({step.Epochs.LastOrDefault()?.Epoch}) is shipped." :
                string.Create(CultureInfo.InvariantCulture, $": epoch {kept.Epoch} of {step.Epochs.Count} is shipped (best judged on training sounds: {Pct(kept.TrainAccuracy ?? double.NaN)} train, {Pct(kept.ValidationAccuracy ?? double.NaN)} validation)."));
            yield return "";
            if (previews.Count == 0) continue;
            yield return "| epoch | samples, one per instrument in class order (fixed noise) |";
            yield return "|---|---|";
            foreach (var e in previews)
            {
                var file = $"{ImagesFolder}/results-{step.Id}-epoch{e.Epoch:D3}.png";
                files.Add((file, File.ReadAllBytes(Path.Combine(modelsRoot, e.Preview!))));
                yield return $"| {e.Epoch} | ![{name} epoch {e.Epoch}]({file}) |";
            }
            yield return "";
        }
    }

    /// <summary>One row per instrument: a real image of the split, then <paramref name="samples"/> images generated from its sound.</summary>
    public static byte[] Grid(ModelSet models, string modelId, LoadedSplit split, long seed, int samples, string splitName)
    {
        var generator = new SoundToImage(models);
        var rows = new List<GridRow>();
        foreach (var label in split.Data.Labels.Distinct().Order())
        {
            var i = Array.IndexOf(split.Data.Labels, label);
            using var scope = NewDisposeScope();
            using var _ = inference_mode();
            var real = split.Data.Images[i].contiguous().data<float>().ToArray();
            var generated = generator.Generate(split.Data.Sounds.narrow(0, i, 1), modelId, Core.Runtime.Seeding.Derive(seed, "report-grid", label), samples)
                .contiguous().data<float>().ToArray();
            var size = 3 * 64 * 64;
            var images = new List<float[]> { real };
            for (var k = 0; k < samples; k++) images.Add(generated.AsSpan(k * size, size).ToArray());
            rows.Add(new GridRow(Instruments.All[label], images));
        }
        var headers = new List<string> { "real" };
        headers.AddRange(Enumerable.Range(1, samples).Select(k => $"generated {k}"));
        return ImageGridPlot.Render($"{modelId}: real vs generated ({splitName})", headers, rows);
    }

    public static IEnumerable<string> Listening(ModelSet models, LoadedSplit split, ReportOptions o, List<(string, byte[])> files)
    {
        var generator = new ImageToSound(models);
        foreach (var label in split.Data.Labels.Distinct().Order().Take(o.AudioExamples))
        {
            var i = Array.IndexOf(split.Data.Labels, label);
            var name = Instruments.All[label];
            float[] pixels;
            using (var scope = NewDisposeScope()) pixels = split.Data.Images[i].contiguous().data<float>().ToArray();
            var sound = generator.FromPixels(pixels, Core.Runtime.Seeding.Derive(o.Seed, "report-listen", label));
            using var real = new MemoryStream();
            WavCodec.Write16(real, split.Chunks[i], AudioFrontEnd.SampleRate);
            string realFile = $"{AudioFolder}/results-real-{name}.wav", genFile = $"{AudioFolder}/results-i2s-{name}.wav", pngFile = $"{ImagesFolder}/results-i2s-{name}.png";
            files.Add((realFile, real.ToArray()));
            files.Add((genFile, sound.Wav));
            files.Add((pngFile, sound.SpectrogramPng));
            yield return $"| {name} ({split.Samples[i].Name}) | [real]({realFile}) | [generated]({genFile}) | ![LMS]({pngFile}) |";
        }
    }
}
