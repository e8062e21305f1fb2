using CrossModal.Core;
using System.Text;
using CrossModal.DatasetTools.Experiments;
using CrossModal.Core.Generation;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;
using CrossModal.Core.Recipes;

namespace CrossModal.DatasetTools.Reporting;

/// <summary>
/// <c>crossmodal report</c>: evaluates a trained model set on a dataset's train and validation splits (and, given one,
/// on a test split used for no choice) and writes docs/RESULTS.md with every table and plot of the paper beside ours.
/// Nothing is written until every number and picture has been computed, so a failure leaves no half report; each
/// file is written atomically.
/// </summary>
public static class ResultsReport
{
    public const string ImagesFolder = "images", AudioFolder = "audio";

    public static IReadOnlyList<string> Write(ReportOptions o, IProgress<(string Stage, int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        o.Validate();
        using var models = ModelSet.Open(o.Models);
        var manifests = ModelStore.List(models.Root);
        var ids = manifests.Select(m => m.Id).ToHashSet();
        foreach (var required in new[] { StoredModels.SoundEncoderId, StoredModels.ImageEncoderId })
            if (!ids.Contains(required))
                throw new InvalidInputException($"model set '{models.Root}' has no valid '{required}' model; the report needs both classifiers.");
        var history = TrainingHistory.Read(models.Root);
        var study = RepresentationStudyFiles.Read(Path.Combine(models.Root, RepresentationStudyResult.FileName));

        using var splits = ReportSplits.Load(o, progress, cancel);
        var findings = ReportFindings.Evaluate(models, ids, splits, o, progress, cancel);

        var d = new ReportDocument();
        ResultsMarkdown.Header(d, models, history, splits, o);
        ResultsMarkdown.Table1(d, study, o.Models);
        ResultsMarkdown.Encoders(d, models, findings);
        ResultsMarkdown.Table5(d, findings);
        ResultsMarkdown.I2S(d, findings);
        QualityMarkdown.Section(d, models, findings, splits, o.Seed);
        DomainGapMarkdown.Section(d, models, findings, o);
        ResultsMarkdown.Fig9(d, history, models.Root);
        ResultsMarkdown.FidAndDiversity(d, models, findings);
        ResultsMarkdown.Confusions(d, findings);
        ResultsMarkdown.Pose(d, manifests, ids, findings.Pose);
        ResultsMarkdown.SampleGrids(d, models, findings, splits.Validation, o);
        ResultsMarkdown.Listening(d, models, findings, splits.Validation, o);
        ResultsMarkdown.TrainingCost(d, history);
        return WriteFiles(o.Output, d);
    }

    static List<string> WriteFiles(string output, ReportDocument d)
    {
        var outDir = Path.GetDirectoryName(Path.GetFullPath(output))!;
        var written = new List<string>();
        foreach (var (relative, bytes) in d.Files)
        {
            var path = Path.Combine(outDir, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            AtomicFile.WriteAllBytes(path, bytes);
            written.Add(path);
        }
        Directory.CreateDirectory(outDir);
        AtomicFile.WriteAllBytes(output, Encoding.UTF8.GetBytes(d.Markdown.ToString()));
        written.Add(Path.GetFullPath(output));
        return written;
    }
}
