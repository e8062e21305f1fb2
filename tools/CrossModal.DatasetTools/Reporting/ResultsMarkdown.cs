using System.Globalization;
using System.Text;
using CrossModal.Core.Datasets;
using CrossModal.Domain;
using CrossModal.Core.Evaluation;
using CrossModal.DatasetTools.Experiments;
using CrossModal.Core.Generation;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;
using CrossModal.Core.Recipes;
using static CrossModal.DatasetTools.Reporting.ReportFormat;

namespace CrossModal.DatasetTools.Reporting;

/// <summary>Everything the report writes, as Markdown plus the files it links (relative path → bytes).</summary>
internal sealed class ReportDocument
{
    public StringBuilder Markdown { get; } = new();
    public List<(string Relative, byte[] Bytes)> Files { get; } = [];

    public void Line(string text = "") => Markdown.AppendLine(text);
}

/// <summary>The paper's tables and figures beside ours (Table 1, encoders, Table 5, I2S, Fig. 9, confusion, pose, grids, sounds, cost).</summary>
internal static class ResultsMarkdown
{
    public static void Header(ReportDocument d, ModelSet models, TrainingHistory history, ReportSplits splits, ReportOptions o)
    {
        d.Line("# Results");
        d.Line();
        d.Line($"Model set `{models.Root}`{(history.Recipe is { Length: > 0 } r ? $" (recipe `{r}`)" : "")}, evaluated on `{Path.GetFullPath(o.Data)}`: " +
            $"{splits.Train.Data.Count} training and {splits.Validation.Data.Count} validation pairs ({(o.PerClass == 0 ? "all pairs" : $"at most {o.PerClass} per instrument")}), " +
            $"generation seed {o.Seed}. Written by `crossmodal report` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC" +
            $"{(history.Machine is { Length: > 0 } machine ? $"; models trained on: {machine}" : "")}. The paper's figures are Chen et al. 2017.");
        d.Line();
        d.Line(splits.Test is null
            ? "No test split was given (`--test-data`): every figure below comes from the training dataset, whose validation split was seen while choosing epochs and settings."
            : $"**Which split is which.** *train* and *validation* are the training dataset's splits (validation accuracy was watched while training, so it guided choices). " +
              $"*test* is the validation split of `{Path.GetFullPath(o.TestData!)}` ({splits.Test.Data.Count} pairs), a dataset synthesised with a seed no run used and looked at for no choice; " +
              "the quality measures of the section \"Generation quality on the test split\" come from it alone.");
        d.Line();
    }

    public static void Table1(ReportDocument d, RepresentationStudyResult? study, string modelsFolder)
    {
        d.Line("## Table 1 — audio representations");
        d.Line();
        d.Line(study is null
            ? $"No representation study in this model set (run `crossmodal experiment representations --data DIR --out {Path.Combine(modelsFolder, RepresentationStudyResult.FileName)}`)."
            : RepresentationStudyFiles.Markdown(study));
        d.Line();
    }

    public static void Encoders(ReportDocument d, ModelSet models, ReportFindings f)
    {
        var test = f.SoundTest is not null;
        d.Line("## Encoders");
        d.Line();
        d.Line(test ? "| classifier | train | validation | test | paper |" : "| classifier | train | validation | paper |");
        d.Line(test ? "|---|---|---|---|---|" : "|---|---|---|---|");
        d.Line($"| sound (LMS, {models.SoundClassifier.Config.ConvLayers} conv) | {Pct(f.SoundTrain.Accuracy)} | {Pct(f.SoundValidation.Accuracy)} | {(test ? $"{Pct(f.SoundTest!.Accuracy)} | " : "")}{PctP(PaperFigures.SoundClassifierAccuracy)} (real test LMS); Table 1 LMS 4 conv {PctP(87.44)} |");
        d.Line($"| image | {Pct(f.ImageTrain.Accuracy)} | {Pct(f.ImageValidation.Accuracy)} | {(test ? $"{Pct(f.ImageTest?.Accuracy)} | " : "")}> {PctP(PaperFigures.ImageClassifierAccuracy)} |");
        d.Line();
    }

    public static void Table5(ReportDocument d, ReportFindings f)
    {
        d.Line("## Table 5 — S2I: generated images labelled by the image classifier");
        d.Line();
        if (f.S2I.Count == 0) d.Line("No S2I models in this model set.");
        else
        {
            var test = f.S2I.Any(s => s.Test is not null);
            d.Line(test ? "| model | train | validation | test | paper train | paper test |" : "| model | train | validation | paper train | paper test |");
            d.Line(test ? "|---|---|---|---|---|---|" : "|---|---|---|---|---|");
            foreach (var s in f.S2I)
            {
                var p = s.IsPaperModel ? PaperFigures.Table5(s.Variant) : null;
                d.Line($"| {s.Name} | {Pct(s.Train.Accuracy)} | {Pct(s.Validation.Accuracy)} | {(test ? $"{Pct(s.Test?.Accuracy)} | " : "")}{(p is { } pp ? PctP(pp.Train) : "–")} | {(p is { } pq ? PctP(pq.Test) : "–")} |");
            }
        }
        d.Line();
    }

    public static void I2S(ReportDocument d, ReportFindings f)
    {
        d.Line("## I2S: generated spectrograms labelled by the sound classifier");
        d.Line();
        if (f.I2S is not { } i) d.Line("No I2S model in this model set.");
        else if (i.Test is null) d.Line($"| | train | validation | paper |\n|---|---|---|---|\n| I2S | {Pct(i.Train.Accuracy)} | {Pct(i.Validation.Accuracy)} | {PctP(PaperFigures.I2SAccuracy)} |");
        else d.Line($"| | train | validation | test | paper |\n|---|---|---|---|---|\n| I2S | {Pct(i.Train.Accuracy)} | {Pct(i.Validation.Accuracy)} | {Pct(i.Test.Accuracy)} | {PctP(PaperFigures.I2SAccuracy)} |");
        d.Line();
    }

    public static void Fig9(ReportDocument d, TrainingHistory history, string modelsRoot)
    {
        d.Line("## Fig. 9 — accuracy against epoch");
        d.Line();
        var fig9 = ReportFigures.Fig9(history);
        if (fig9 is null) d.Line($"No per-epoch S2I accuracies in `{TrainingHistory.FileName}`.");
        else
        {
            d.Files.Add(($"{ReportFigures.ImagesFolder}/results-fig9.png", fig9));
            d.Line($"![S2I accuracy against epoch]({ReportFigures.ImagesFolder}/results-fig9.png)");
            d.Line();
            d.Line("Solid: training pairs; dashed: validation pairs, as recorded during training. Paper: accuracy rises to about epoch 35 and collapses near 50.");
        }
        d.Line();
        foreach (var line in ReportFigures.KeyEpochGrids(history, modelsRoot, d.Files)) d.Line(line);
    }

    public static void FidAndDiversity(ReportDocument d, ModelSet models, ReportFindings f)
    {
        d.Line("## Fréchet distance and diversity of generated samples");
        d.Line();
        d.Line($"Fréchet distance between real and generated samples of the validation split in the judge's {models.ImageClassifier.EmbeddingSize}-d embedding space " +
            $"(image classifier for S2I, sound classifier for I2S; lower is closer), and the entropy (nats) of the judge's mean label distribution " +
            $"(diversity over classes; {Math.Log(Instruments.Count).ToString("0.00", CultureInfo.InvariantCulture)} = uniform over the 13) and of its per-sample distributions (confidence). The paper reports neither.");
        d.Line();
        d.Line("| model | FID (validation) | class entropy | per-sample entropy |");
        d.Line("|---|---|---|---|");
        foreach (var s in f.S2I) d.Line($"| {s.Name} | {Num(s.Validation.Fid)} | {Num(s.Validation.DiversityMarginalEntropy)} | {Num(s.Validation.DiversityMeanSampleEntropy)} |");
        if (f.I2S is { } i) d.Line($"| I2S | {Num(i.Validation.Fid)} | {Num(i.Validation.DiversityMarginalEntropy)} | {Num(i.Validation.DiversityMeanSampleEntropy)} |");
        d.Line();
    }

    public static void Confusions(ReportDocument d, ReportFindings f)
    {
        d.Line("## Confusion matrices (validation)");
        d.Line();
        var confusions = new List<(string Name, EvaluationResult R)> { ("sound classifier", f.SoundValidation), ("image classifier", f.ImageValidation) };
        confusions.AddRange(f.S2I.Select(s => (s.Name, s.Validation)));
        if (f.I2S is { } i) confusions.Add(("I2S", i.Validation));
        foreach (var (name, result) in confusions)
        {
            var file = $"{ReportFigures.ImagesFolder}/results-confusion-{Slug(name)}.png";
            d.Files.Add((file, HeatMapPlot.Render($"{name}: accuracy {Pct(result.Accuracy)} (n = {result.N})", Instruments.All, result.Confusion)));
            d.Line($"### {name}");
            d.Line();
            d.Line($"![{name} confusion]({file})");
            d.Line();
            d.Line(ConfusionTable(result));
        }
    }

    public static void Pose(ReportDocument d, IReadOnlyList<ModelManifest> manifests, IReadOnlySet<string> ids, IReadOnlyList<PoseEvaluation> test)
    {
        d.Line("## Pose-oriented models");
        d.Line();
        var poses = manifests.Where(m => m.Kind == ModelKinds.Pose).ToList();
        if (poses.Count == 0) d.Line("No pose-oriented models in this model set.");
        else
        {
            var keys = poses.SelectMany(m => m.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
            d.Line($"Metrics recorded in each pose model's manifest{(ids.Contains(StoredModels.PoseRegressorId) ? " (pose error measured with the pose regressor)" : "")}.");
            d.Line();
            d.Line($"| model | instrument | epoch | {string.Join(" | ", keys)} |");
            d.Line($"|---|---|---|{string.Concat(keys.Select(_ => "---|"))}");
            foreach (var m in poses)
                d.Line($"| {m.Id} | {m.Instrument} | {m.Epoch} | {string.Join(" | ", keys.Select(k => m.Metrics.TryGetValue(k, out var x) ? Num(x) : "–"))} |");
        }
        d.Line();
        if (test.Count == 0) return;
        d.Line("### Does the pose follow the sound? (test split)");
        d.Line();
        d.Line($"{test[0].Method}. A parameter counts where the regressor reads it on real frames with r ≥ {PoseParameterResult.ReadableFrom}; " +
               $"there the generated pose follows the sound at r ≥ {PoseParameterResult.FollowsFrom} (issue 17). Source: {test[0].Source}, generation seed {test[0].Seed}. " +
               $"r, probe from sound: {SoundPoseCeiling.Method} (here the training split's pairs).");
        d.Line();
        d.Line("| model | sounds | parameter | r, probe from sound | r, real frames | r, generated | error, generated | error, mean pose | follows the sound |");
        d.Line("|---|---|---|---|---|---|---|---|---|");
        foreach (var m in test)
            foreach (var p in m.Parameters)
                d.Line($"| {m.ModelId} | {m.Pairs} | pose_{p.Index} {p.Name} | {PoseCorrelation.Text(p.SoundR)} | {PoseCorrelation.Text(p.ReaderR)} | {PoseCorrelation.Text(p.GeneratedR)} | {Num(p.GeneratedMae)} | {Num(p.MeanPoseMae)} | " +
                       $"{p.Follows switch { true => "yes", false => "**no**", null => "not readable" }} |");
        d.Line();
    }

    public static void SampleGrids(ReportDocument d, ModelSet models, ReportFindings f, LoadedSplit validation, ReportOptions o)
    {
        d.Line("## Sample grids (validation: real image, then images generated from its sound)");
        d.Line();
        foreach (var s in f.S2I)
        {
            var file = $"{ReportFigures.ImagesFolder}/results-grid-{s.Id}.png";
            d.Files.Add((file, ReportFigures.Grid(models, s.Id, validation, o.Seed, o.GridSamples, "validation")));
            d.Line($"![{s.Name} samples]({file})");
            d.Line();
        }
        if (f.S2I.Count == 0) d.Line("No S2I models.");
    }

    public static void Listening(ReportDocument d, ModelSet models, ReportFindings f, LoadedSplit validation, ReportOptions o)
    {
        d.Line("## Listen: sounds generated from images (I2S)");
        d.Line();
        if (f.I2S is null || o.AudioExamples == 0) d.Line("No I2S model in this model set (or no examples asked for).");
        else
        {
            d.Line("Each row: the validation image's real 0.5 s chunk, and the sound generated from the image (its LMS inverted by mel NNLS + Griffin–Lim).");
            d.Line();
            d.Line("| instrument | real | generated | generated LMS |");
            d.Line("|---|---|---|---|");
            foreach (var row in ReportFigures.Listening(models, validation, o, d.Files)) d.Line(row);
        }
        d.Line();
    }

    public static void TrainingCost(ReportDocument d, TrainingHistory history)
    {
        d.Line("## Training cost");
        d.Line();
        if (history.Steps.Count == 0) d.Line($"No `{TrainingHistory.FileName}` in this model set.");
        else
        {
            d.Line("| model | kind | epochs | seconds | threads | parameters |");
            d.Line("|---|---|---|---|---|---|");
            foreach (var s in history.Steps)
                d.Line(string.Create(CultureInfo.InvariantCulture, $"| {s.Id} | {s.Kind} | {s.Epochs.Count} | {s.Seconds:0} | {s.Threads} | {s.Parameters:N0} |"));
            d.Line(string.Create(CultureInfo.InvariantCulture, $"| total | | | {history.Steps.Sum(s => s.Seconds):0} | | |"));
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

}
