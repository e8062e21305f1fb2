using CrossModal.Core.Datasets;
using CrossModal.Domain;
using CrossModal.Core.Evaluation;
using CrossModal.Core.Evaluation.Quality;
using CrossModal.Core.Generation;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;
using CrossModal.Core.Recipes;

namespace CrossModal.DatasetTools.Reporting;

/// <summary>The splits a report is measured on; the test split only when a test dataset was given.</summary>
public sealed record ReportSplits(LoadedSplit Train, LoadedSplit Validation, LoadedSplit? Test, string TrainSource, string ValidationSource, string? TestSource)
    : IDisposable
{
    public static ReportSplits Load(ReportOptions o, IProgress<(string, int, int)>? progress, CancellationToken cancel)
    {
        LoadedSplit? validation = null, train = null, test = null;
        try
        {
            validation = Load(o.Data, DatasetSplit.Validation, "", o, progress, cancel);
            // The training split keeps its pose too: the pose models' sound ceiling learns from it (SoundPoseCeiling).
            train = Load(o.Data, DatasetSplit.Train, "", o, progress, cancel, pose: o.TestData is not null);
            // The test split keeps its pose (synthetic data has it) for the pose models' measure.
            if (o.TestData is not null) test = Load(o.TestData, DatasetSplit.Validation, "test ", o, progress, cancel, pose: true);
            return new ReportSplits(train, validation, test, SourceOf(o.Data, DatasetSplit.Train), SourceOf(o.Data, DatasetSplit.Validation),
                o.TestData is null ? null : SourceOf(o.TestData, DatasetSplit.Validation));
        }
        catch
        {
            validation?.Dispose(); train?.Dispose(); test?.Dispose();
            throw;
        }
    }

    static string SourceOf(string data, DatasetSplit split) => $"{Path.GetFullPath(data)} ({split.FolderName()})";

    static LoadedSplit Load(string data, DatasetSplit split, string what, ReportOptions o, IProgress<(string, int, int)>? progress, CancellationToken cancel,
        bool pose = false) =>
        DatasetTensors.Load(data, new DatasetLoadOptions { Split = split, MaxPerClass = o.PerClass, Seed = o.Seed, PoseParameters = pose ? 4 : 0 },
            new ReportStage(progress, $"loading {what}{split.FolderName()} pairs"), cancel);

    public void Dispose()
    {
        Train.Dispose(); Validation.Dispose(); Test?.Dispose();
    }
}

/// <summary>One S2I model's judged accuracy on each split and, on the test split, the measures it cannot fool.</summary>
public sealed record S2IFindings(string Variant, string Id, EvaluationResult Train, EvaluationResult Validation, EvaluationResult? Test, S2IQuality? Quality)
{
    /// <summary>Whether this is one of the paper's models (S2I-C/N/A), which the paper's figures apply to.</summary>
    public bool IsPaperModel => Id == StoredModels.S2IId(Variant);

    /// <summary>The model's name in tables: S2I-C/N/A, or S2I-Default for the product's default (as the studies name it).</summary>
    public string Name => IsPaperModel ? $"S2I-{Variant.ToUpperInvariant()}" : Id == S2IModelIds.ProductDefault ? "S2I-Default" : Id;
}

/// <summary>The I2S model's judged accuracy on each split and its quality measures on the test split.</summary>
public sealed record I2SFindings(EvaluationResult Train, EvaluationResult Validation, EvaluationResult? Test, I2SQuality? Quality);

/// <summary>The models on real photographs: the image classifier's labels and I2S's sounds labelled by the sound classifier.</summary>
public sealed record RealImageFindings(string Root, EvaluationResult ImageClassifier, EvaluationResult? SecondJudge, EvaluationResult? I2S);

/// <summary>Every number of the report, computed before anything is written.</summary>
public sealed record ReportFindings(
    EvaluationResult SoundTrain, EvaluationResult SoundValidation, EvaluationResult? SoundTest,
    EvaluationResult ImageTrain, EvaluationResult ImageValidation, EvaluationResult? ImageTest,
    IReadOnlyList<S2IFindings> S2I, I2SFindings? I2S, RealImageFindings? RealImages, IReadOnlyList<PoseEvaluation> Pose)
{
    static readonly string[] S2IVariants = ["c", "n", "a"];

    public static ReportFindings Evaluate(ModelSet models, IReadOnlySet<string> ids, ReportSplits splits, ReportOptions o,
        IProgress<(string, int, int)>? progress, CancellationToken cancel)
    {
        var seed = o.Seed;
        IProgress<(int, int)> Stage(string name) => new ReportStage(progress, name);
        var (train, validation, test) = (splits.Train, splits.Validation, splits.Test);
        var s2i = new List<S2IFindings>();
        // The paper's three, then the product's default (an S2I-C arm) when the store has it.
        var s2iModels = S2IVariants.Select(v => (Variant: v, Id: StoredModels.S2IId(v)))
            .Append((Variant: S2IVariant.Classifier, Id: S2IModelIds.ProductDefault))
            .Where(m => ids.Contains(m.Id));
        foreach (var (v, id) in s2iModels)
        {
            s2i.Add(new S2IFindings(v, id,
                S2IEvaluator.OnSplit(models, id, train, splits.TrainSource, seed, Stage($"{id}, train"), cancel),
                S2IEvaluator.OnSplit(models, id, validation, splits.ValidationSource, seed, Stage($"{id}, validation"), cancel),
                test is null ? null : S2IEvaluator.OnSplit(models, id, test, splits.TestSource!, seed, Stage($"{id}, test"), cancel),
                test is null ? null : S2IQualityEvaluator.OnSplit(models, id, test, splits.TestSource!, seed, Stage($"{id}, test quality"), cancel, reference: train)));
        }
        I2SFindings? i2s = ids.Contains(StoredModels.I2SId)
            ? new I2SFindings(
                I2SEvaluator.OnSplit(models, train, splits.TrainSource, seed, Stage("i2s, train"), cancel),
                I2SEvaluator.OnSplit(models, validation, splits.ValidationSource, seed, Stage("i2s, validation"), cancel),
                test is null ? null : I2SEvaluator.OnSplit(models, test, splits.TestSource!, seed, Stage("i2s, test"), cancel),
                test is null ? null : I2SQualityEvaluator.OnSplit(models, test, splits.TestSource!, seed, Stage("i2s, test quality"), cancel))
            : null;
        return new ReportFindings(
            SoundClassifierEvaluator.OnSplit(models, train, splits.TrainSource, Stage("sound classifier, train"), cancel),
            SoundClassifierEvaluator.OnSplit(models, validation, splits.ValidationSource, Stage("sound classifier, validation"), cancel),
            test is null ? null : SoundClassifierEvaluator.OnSplit(models, test, splits.TestSource!, Stage("sound classifier, test"), cancel),
            ImageClassifierEvaluator.OnSplit(models, train, splits.TrainSource, Stage("image classifier, train"), cancel),
            ImageClassifierEvaluator.OnSplit(models, validation, splits.ValidationSource, Stage("image classifier, validation"), cancel),
            test is null ? null : ImageClassifierEvaluator.OnSplit(models, test, splits.TestSource!, Stage("image classifier, test"), cancel),
            s2i, i2s, o.RealImages is null ? null : new RealImageFindings(Path.GetFullPath(o.RealImages),
                ImageClassifierEvaluator.OnFolder(models, o.RealImages, Stage("image classifier, real photographs"), cancel),
                ids.Contains(StoredModels.ImageJudgeId) ? ImageClassifierEvaluator.OnFolder(models, o.RealImages, Stage("second judge, real photographs"), cancel, secondJudge: true) : null,
                ids.Contains(StoredModels.I2SId) ? I2SEvaluator.OnFolder(models, o.RealImages, null, seed, Stage("i2s, real photographs"), cancel) : null),
            test?.Data.Pose is null || !ids.Contains(StoredModels.PoseRegressorId) ? []
                : Instruments.All.Where(i => ids.Contains(StoredModels.PoseId(i)))
                    .Select(i => PoseEvaluator.OnSplit(models, i, test, splits.TestSource!, seed, Stage($"pose-{i}, test"), cancel))
                    .Select(e => train.Data.Pose is null ? e : SoundPoseCeiling.Beside(e, models, train, test)).ToList());
    }
}

/// <summary>Progress of one named stage of the report.</summary>
internal sealed class ReportStage(IProgress<(string, int, int)>? inner, string stage) : IProgress<(int Done, int Total)>
{
    public void Report((int Done, int Total) value) => inner?.Report((stage, value.Done, value.Total));
}
