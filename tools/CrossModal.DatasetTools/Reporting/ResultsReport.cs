using System.Globalization;
using System.Text;
using CrossModal.Core;
using CrossModal.Core.Audio;
using CrossModal.Core.Datasets;
using CrossModal.Core.Evaluation;
using CrossModal.Core.Generation;
using CrossModal.Core.Recipes;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;
using CrossModal.DatasetTools.Experiments;
using CrossModal.Domain;
using static TorchSharp.torch;

namespace CrossModal.DatasetTools.Reporting;

/// <summary>What the report covers and where it goes.</summary>
public sealed record ReportOptions
{
    public required string Models { get; init; }
    public required string Data { get; init; }
    /// <summary>The Markdown file; PNGs go to images/ and WAVs to audio/ beside it.</summary>
    public required string Output { get; init; }
    /// <summary>Pairs per instrument and split evaluated (seeded choice; 0 = all).</summary>
    public int PerClass { get; init; } = 100;
    public long Seed { get; init; } = 1;
    /// <summary>How many instruments get an I2S sound to listen to.</summary>
    public int AudioExamples { get; init; } = 4;
    /// <summary>Generated images per instrument in the sample grids.</summary>
    public int GridSamples { get; init; } = 4;
}

/// <summary>
/// <c>crossmodal report</c>: evaluates a trained model set on a dataset's train and validation splits and writes
/// docs/RESULTS.md with every table and plot of the paper beside ours. Nothing is written until every number and
/// picture has been computed, so a failure leaves no half report; each file is written atomically.
/// </summary>
public static class ResultsReport
{
    public const string ImagesFolder = "images", AudioFolder = "audio";
    static readonly string[] S2IVariants = ["c", "n", "a"];

    public static IReadOnlyList<string> Write(ReportOptions o, IProgress<(string Stage, int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        if (!o.Output.EndsWith(".md", StringComparison.OrdinalIgnoreCase)) throw new InvalidInputException($"report output '{o.Output}' must be a .md file.");
        if (o.PerClass < 0) throw new InvalidInputException($"per-class must be >= 0, got {o.PerClass}.");
        if (o.AudioExamples < 0 || o.AudioExamples > Instruments.Count) throw new InvalidInputException($"audio examples must be 0 to {Instruments.Count}.");
        if (o.GridSamples is < 1 or > 16) throw new InvalidInputException("grid samples must be 1 to 16.");
        using var models = ModelSet.Open(o.Models);
        var manifests = ModelStore.List(models.Root);
        var ids = manifests.Select(m => m.Id).ToHashSet();
        foreach (var required in new[] { StoredModels.SoundEncoderId, StoredModels.ImageEncoderId })
            if (!ids.Contains(required))
                throw new InvalidInputException($"model set '{models.Root}' has no valid '{required}' model; the report needs both classifiers.");
        var history = TrainingHistory.Read(models.Root);
        var study = RepresentationStudyFiles.Read(Path.Combine(models.Root, RepresentationStudyResult.FileName));

        var files = new List<(string Relative, byte[] Bytes)>();
        var md = new StringBuilder();
        using var validation = Load(o, DatasetSplit.Validation, progress, cancel);
        using var train = Load(o, DatasetSplit.Train, progress, cancel);
        string Src(DatasetSplit s) => $"{Path.GetFullPath(o.Data)} ({s.FolderName()})";
        IProgress<(int, int)> Stage(string name) => new StageProgress(progress, name);

        var soundVal = SoundClassifierEvaluator.OnSplit(models, validation, Src(DatasetSplit.Validation), Stage("sound classifier, validation"), cancel);
        var soundTrain = SoundClassifierEvaluator.OnSplit(models, train, Src(DatasetSplit.Train), Stage("sound classifier, train"), cancel);
        var imageVal = ImageClassifierEvaluator.OnSplit(models, validation, Src(DatasetSplit.Validation), Stage("image classifier, validation"), cancel);
        var imageTrain = ImageClassifierEvaluator.OnSplit(models, train, Src(DatasetSplit.Train), Stage("image classifier, train"), cancel);
        var s2i = new List<(string Variant, EvaluationResult Train, EvaluationResult Validation)>();
        foreach (var v in S2IVariants.Where(v => ids.Contains(StoredModels.S2IId(v))))
        {
            var id = StoredModels.S2IId(v);
            s2i.Add((v, S2IEvaluator.OnSplit(models, id, train, Src(DatasetSplit.Train), o.Seed, Stage($"{id}, train"), cancel),
                S2IEvaluator.OnSplit(models, id, validation, Src(DatasetSplit.Validation), o.Seed, Stage($"{id}, validation"), cancel)));
        }
        (EvaluationResult Train, EvaluationResult Validation)? i2s = ids.Contains(StoredModels.I2SId)
            ? (I2SEvaluator.OnSplit(models, train, Src(DatasetSplit.Train), o.Seed, Stage("i2s, train"), cancel),
               I2SEvaluator.OnSplit(models, validation, Src(DatasetSplit.Validation), o.Seed, Stage("i2s, validation"), cancel))
            : null;

        md.AppendLine("# Results");
        md.AppendLine();
        md.AppendLine($"Model set `{models.Root}`{(history.Recipe is { Length: > 0 } r ? $" (recipe `{r}`)" : "")}, evaluated on `{Path.GetFullPath(o.Data)}`: " +
            $"{train.Data.Count} training and {validation.Data.Count} validation pairs ({(o.PerClass == 0 ? "all pairs" : $"at most {o.PerClass} per instrument")}), " +
            $"generation seed {o.Seed}. Written by `crossmodal report` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC" +
            $"{(history.Machine is { Length: > 0 } machine ? $"; models trained on: {machine}" : "")}. The paper's figures are Chen et al. 2017.");
        md.AppendLine();

        md.AppendLine("## Table 1 — audio representations");
        md.AppendLine();
        md.AppendLine(study is null
            ? $"No representation study in this model set (run `crossmodal experiment representations --data DIR --out {Path.Combine(o.Models, RepresentationStudyResult.FileName)}`)."
            : RepresentationStudyFiles.Markdown(study));
        md.AppendLine();

        md.AppendLine("## Encoders");
        md.AppendLine();
        md.AppendLine("| classifier | train | validation | paper |");
        md.AppendLine("|---|---|---|---|");
        md.AppendLine($"| sound (LMS, {models.SoundClassifier.Config.ConvLayers} conv) | {Pct(soundTrain.Accuracy)} | {Pct(soundVal.Accuracy)} | {PctP(PaperFigures.SoundClassifierAccuracy)} (real test LMS); Table 1 LMS 4 conv {PctP(87.44)} |");
        md.AppendLine($"| image | {Pct(imageTrain.Accuracy)} | {Pct(imageVal.Accuracy)} | > {PctP(PaperFigures.ImageClassifierAccuracy)} |");
        md.AppendLine();

        md.AppendLine("## Table 5 — S2I: generated images labelled by the image classifier");
        md.AppendLine();
        if (s2i.Count == 0) md.AppendLine("No S2I models in this model set.");
        else
        {
            md.AppendLine("| model | train | validation | paper train | paper test |");
            md.AppendLine("|---|---|---|---|---|");
            foreach (var (v, tr, va) in s2i)
            {
                var p = PaperFigures.Table5(v);
                md.AppendLine($"| S2I-{v.ToUpperInvariant()} | {Pct(tr.Accuracy)} | {Pct(va.Accuracy)} | {(p is { } pp ? PctP(pp.Train) : "–")} | {(p is { } pq ? PctP(pq.Test) : "–")} |");
            }
        }
        md.AppendLine();

        md.AppendLine("## I2S: generated spectrograms labelled by the sound classifier");
        md.AppendLine();
        md.AppendLine(i2s is { } ii
            ? $"| | train | validation | paper |\n|---|---|---|---|\n| I2S | {Pct(ii.Train.Accuracy)} | {Pct(ii.Validation.Accuracy)} | {PctP(PaperFigures.I2SAccuracy)} |"
            : "No I2S model in this model set.");
        md.AppendLine();

        md.AppendLine("## Fig. 9 — accuracy against epoch");
        md.AppendLine();
        var fig9 = Fig9(history);
        if (fig9 is null) md.AppendLine($"No per-epoch S2I accuracies in `{TrainingHistory.FileName}`.");
        else
        {
            files.Add(($"{ImagesFolder}/results-fig9.png", fig9));
            md.AppendLine($"![S2I accuracy against epoch]({ImagesFolder}/results-fig9.png)");
            md.AppendLine();
            md.AppendLine("Solid: training pairs; dashed: validation pairs, as recorded during training. Paper: accuracy rises to about epoch 35 and collapses near 50.");
        }
        md.AppendLine();
        foreach (var line in KeyEpochGrids(history, models.Root, files)) md.AppendLine(line);

        md.AppendLine("## Fréchet distance and diversity of generated samples");
        md.AppendLine();
        md.AppendLine($"Fréchet distance between real and generated samples of the validation split in the judge's {models.ImageClassifier.EmbeddingSize}-d embedding space " +
            $"(image classifier for S2I, sound classifier for I2S; lower is closer), and the entropy (nats) of the judge's mean label distribution " +
            $"(diversity over classes; {Math.Log(Instruments.Count).ToString("0.00", CultureInfo.InvariantCulture)} = uniform over the 13) and of its per-sample distributions (confidence). The paper reports neither.");
        md.AppendLine();
        md.AppendLine("| model | FID (validation) | class entropy | per-sample entropy |");
        md.AppendLine("|---|---|---|---|");
        foreach (var (v, _, va) in s2i) md.AppendLine($"| S2I-{v.ToUpperInvariant()} | {Num(va.Fid)} | {Num(va.DiversityMarginalEntropy)} | {Num(va.DiversityMeanSampleEntropy)} |");
        if (i2s is { } i3) md.AppendLine($"| I2S | {Num(i3.Validation.Fid)} | {Num(i3.Validation.DiversityMarginalEntropy)} | {Num(i3.Validation.DiversityMeanSampleEntropy)} |");
        md.AppendLine();

        md.AppendLine("## Confusion matrices (validation)");
        md.AppendLine();
        var confusions = new List<(string Name, EvaluationResult R)> { ("sound classifier", soundVal), ("image classifier", imageVal) };
        confusions.AddRange(s2i.Select(s => ($"S2I-{s.Variant.ToUpperInvariant()}", s.Validation)));
        if (i2s is { } i4) confusions.Add(("I2S", i4.Validation));
        foreach (var (name, result) in confusions)
        {
            var file = $"{ImagesFolder}/results-confusion-{Slug(name)}.png";
            files.Add((file, HeatMapPlot.Render($"{name}: accuracy {Pct(result.Accuracy)} (n = {result.N})", Instruments.All, result.Confusion)));
            md.AppendLine($"### {name}");
            md.AppendLine();
            md.AppendLine($"![{name} confusion]({file})");
            md.AppendLine();
            md.AppendLine(ConfusionTable(result));
        }

        md.AppendLine("## Pose-oriented models");
        md.AppendLine();
        var poses = manifests.Where(m => m.Kind == ModelKinds.Pose).ToList();
        if (poses.Count == 0) md.AppendLine("No pose-oriented models in this model set.");
        else
        {
            var keys = poses.SelectMany(m => m.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
            md.AppendLine($"Metrics recorded in each pose model's manifest{(ids.Contains(StoredModels.PoseRegressorId) ? " (pose error measured with the pose regressor)" : "")}.");
            md.AppendLine();
            md.AppendLine($"| model | instrument | epoch | {string.Join(" | ", keys)} |");
            md.AppendLine($"|---|---|---|{string.Concat(keys.Select(_ => "---|"))}");
            foreach (var m in poses)
                md.AppendLine($"| {m.Id} | {m.Instrument} | {m.Epoch} | {string.Join(" | ", keys.Select(k => m.Metrics.TryGetValue(k, out var x) ? Num(x) : "–"))} |");
        }
        md.AppendLine();

        md.AppendLine("## Sample grids (validation: real image, then images generated from its sound)");
        md.AppendLine();
        foreach (var (v, _, _) in s2i)
        {
            var file = $"{ImagesFolder}/results-grid-s2i-{v}.png";
            files.Add((file, Grid(models, StoredModels.S2IId(v), validation, o)));
            md.AppendLine($"![S2I-{v.ToUpperInvariant()} samples]({file})");
            md.AppendLine();
        }
        if (s2i.Count == 0) md.AppendLine("No S2I models.");

        md.AppendLine("## Listen: sounds generated from images (I2S)");
        md.AppendLine();
        if (i2s is null || o.AudioExamples == 0) md.AppendLine("No I2S model in this model set (or no examples asked for).");
        else
        {
            md.AppendLine("Each row: the validation image's real 0.5 s chunk, and the sound generated from the image (its LMS inverted by mel NNLS + Griffin–Lim).");
            md.AppendLine();
            md.AppendLine("| instrument | real | generated | generated LMS |");
            md.AppendLine("|---|---|---|---|");
            foreach (var row in Listening(models, validation, o, files)) md.AppendLine(row);
        }
        md.AppendLine();

        md.AppendLine("## Training cost");
        md.AppendLine();
        if (history.Steps.Count == 0) md.AppendLine($"No `{TrainingHistory.FileName}` in this model set.");
        else
        {
            md.AppendLine("| model | kind | epochs | seconds | threads | parameters |");
            md.AppendLine("|---|---|---|---|---|---|");
            foreach (var s in history.Steps)
                md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {s.Id} | {s.Kind} | {s.Epochs.Count} | {s.Seconds:0} | {s.Threads} | {s.Parameters:N0} |"));
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| total | | | {history.Steps.Sum(s => s.Seconds):0} | | |"));
        }

        var outDir = Path.GetDirectoryName(Path.GetFullPath(o.Output))!;
        var written = new List<string>();
        foreach (var (relative, bytes) in files)
        {
            var path = Path.Combine(outDir, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            AtomicFile.WriteAllBytes(path, bytes);
            written.Add(path);
        }
        Directory.CreateDirectory(outDir);
        AtomicFile.WriteAllBytes(o.Output, Encoding.UTF8.GetBytes(md.ToString()));
        written.Add(Path.GetFullPath(o.Output));
        return written;
    }

    static LoadedSplit Load(ReportOptions o, DatasetSplit split, IProgress<(string, int, int)>? progress, CancellationToken cancel) =>
        DatasetTensors.Load(o.Data, new DatasetLoadOptions { Split = split, MaxPerClass = o.PerClass, Seed = o.Seed, PoseParameters = 0 },
            new StageProgress(progress, $"loading {split.FolderName()} pairs"), cancel);

    static byte[]? Fig9(TrainingHistory history)
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
    static IEnumerable<string> KeyEpochGrids(TrainingHistory history, string modelsRoot, List<(string, byte[])> files)
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

    static byte[] Grid(ModelSet models, string modelId, LoadedSplit split, ReportOptions o)
    {
        var generator = new SoundToImage(models);
        var rows = new List<GridRow>();
        foreach (var label in split.Data.Labels.Distinct().Order())
        {
            var i = Array.IndexOf(split.Data.Labels, label);
            using var scope = NewDisposeScope();
            using var _ = inference_mode();
            var real = split.Data.Images[i].contiguous().data<float>().ToArray();
            var generated = generator.Generate(split.Data.Sounds.narrow(0, i, 1), modelId, Core.Runtime.Seeding.Derive(o.Seed, "report-grid", label), o.GridSamples)
                .contiguous().data<float>().ToArray();
            var size = 3 * 64 * 64;
            var images = new List<float[]> { real };
            for (var k = 0; k < o.GridSamples; k++) images.Add(generated.AsSpan(k * size, size).ToArray());
            rows.Add(new GridRow(Instruments.All[label], images));
        }
        var headers = new List<string> { "real" };
        headers.AddRange(Enumerable.Range(1, o.GridSamples).Select(k => $"generated {k}"));
        return ImageGridPlot.Render($"{modelId}: real vs generated (validation)", headers, rows);
    }

    static IEnumerable<string> Listening(ModelSet models, LoadedSplit split, ReportOptions o, List<(string, byte[])> files)
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

    static string ConfusionTable(EvaluationResult r)
    {
        var present = Enumerable.Range(0, Instruments.Count).Where(i => r.Confusion[i].Sum() > 0 || r.Confusion.Any(row => row[i] > 0)).ToList();
        var sb = new StringBuilder();
        sb.AppendLine($"| true \\ predicted | {string.Join(" | ", present.Select(i => Instruments.All[i]))} | accuracy |");
        sb.AppendLine($"|---|{string.Concat(present.Select(_ => "---|"))}---|");
        foreach (var i in present.Where(i => r.Confusion[i].Sum() > 0))
        {
            var acc = r.PerInstrument.First(p => p.Instrument == Instruments.All[i]).Accuracy;
            sb.AppendLine($"| {Instruments.All[i]} | {string.Join(" | ", present.Select(j => r.Confusion[i][j].ToString(CultureInfo.InvariantCulture)))} | {Pct(acc)} |");
        }
        return sb.ToString();
    }

    static string Slug(string name) => new(name.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray());
    static string Pct(double v) => double.IsNaN(v) ? "–" : (v * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";
    static string PctP(double percent) => percent.ToString("0.00", CultureInfo.InvariantCulture) + "%";
    static string Num(double? v) => v is double d && double.IsFinite(d) ? d.ToString("0.###", CultureInfo.InvariantCulture) : "–";

    sealed class StageProgress(IProgress<(string, int, int)>? inner, string stage) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => inner?.Report((stage, value.Done, value.Total));
    }
}
