using CrossModal.Core;
using CrossModal.Core.Datasets;
using CrossModal.Core.Evaluation;
using CrossModal.Core.Models;
using CrossModal.Core.Storage;
using CrossModal.Core.Runtime;
using CrossModal.Core.Training;
using CrossModal.Domain;
using CrossModal.Protos.V1;
using CrossModal.ModelServing;
using CoreResult = CrossModal.Core.Evaluation.EvaluationResult;
using EvaluationResult = CrossModal.Protos.V1.EvaluationResult;

namespace CrossModal.EvaluatorService.Evaluation;

/// <summary>
/// A stored model scored on a dataset split by core's evaluators (<see cref="SoundClassifierEvaluator"/>,
/// <see cref="ImageClassifierEvaluator"/>, <see cref="S2IEvaluator"/>, <see cref="I2SEvaluator"/>): this class only
/// checks the request, loads the split (a seeded subset when a limit is given) and turns core's result into the wire
/// message. Runs on one thread (torch dispose scopes are per thread); core reports progress per batch and stops
/// between batches when cancelled.
/// </summary>
public sealed class ModelEvaluation(ServiceModels models, ServicePaths paths)
{
    public EvaluationResult Run(EvaluateModelRequest request, Action<int, int> progress, CancellationToken cancel)
    {
        var split = (request.Split ?? "").Trim().ToLowerInvariant() switch
        {
            "" or "validation" => DatasetSplit.Validation,
            "train" => DatasetSplit.Train,
            var s => throw new InvalidInputException($"split must be train or validation, got '{s}'."),
        };
        if (request.Limit < 0) throw new InvalidInputException($"limit must be >= 0 (0: every pair), got {request.Limit}.");
        var manifest = models.Manifest(request.ModelId);
        var judgeId = manifest.Kind switch
        {
            ModelKinds.SoundEncoder or ModelKinds.ImageEncoder => manifest.Id,
            ModelKinds.S2I or ModelKinds.Pose => StoredModels.ImageEncoderId,
            ModelKinds.I2S => StoredModels.SoundEncoderId,
            var kind => throw new InvalidInputException($"model '{manifest.Id}' is a {kind} model; evaluation takes classifiers and generators."),
        };
        // Core evaluates the store's models under their fixed ids (StoredModels), as the training recipe writes them.
        var fixedId = manifest.Kind switch
        {
            ModelKinds.SoundEncoder => StoredModels.SoundEncoderId,
            ModelKinds.ImageEncoder => StoredModels.ImageEncoderId,
            ModelKinds.I2S => StoredModels.I2SId,
            _ => manifest.Id,
        };
        if (fixedId != manifest.Id) throw new InvalidInputException($"a {manifest.Kind} model is evaluated under the id '{fixedId}', not '{manifest.Id}'.");

        var dataset = paths.Dataset(request.Dataset);
        var instruments = manifest.Kind == ModelKinds.Pose ? new[] { manifest.Instrument! } : null;
        using var all = DatasetTensors.Load(dataset, new DatasetLoadOptions { Split = split, Instruments = instruments, Seed = request.Seed }, cancel: cancel);
        using var subset = Subset(all, request.Limit, request.Seed);
        var chosen = subset ?? all;
        var source = $"{dataset} ({split.ToString().ToLowerInvariant()})";
        var report = new Progress(progress);
        var set = models.Set;
        var result = manifest.Kind switch
        {
            ModelKinds.SoundEncoder => SoundClassifierEvaluator.OnSplit(set, chosen, source, report, cancel),
            ModelKinds.ImageEncoder => ImageClassifierEvaluator.OnSplit(set, chosen, source, report, cancel),
            ModelKinds.I2S => I2SEvaluator.OnSplit(set, chosen, source, request.Seed, report, cancel),
            _ => S2IEvaluator.OnSplit(set, manifest.Id, chosen, source, request.Seed, report, cancel),
        };
        return Wire(result, manifest.Id, judgeId);
    }

    /// <summary><paramref name="limit"/> pairs chosen by the seed (kept in dataset order); null when every pair is used.</summary>
    static LoadedSplit? Subset(LoadedSplit all, int limit, long seed)
    {
        var n = all.Data.Count;
        if (limit == 0 || limit >= n) return null;
        var rng = Seeding.Stream(seed, "evaluate-subset");
        var rows = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).Take(limit).Order().ToArray();
        return all with
        {
            Data = all.Data.Subset(rows),
            Samples = rows.Select(i => all.Samples[i]).ToArray(),
            Chunks = rows.Select(i => all.Chunks[i]).ToArray(),
        };
    }

    static EvaluationResult Wire(CoreResult r, string modelId, string judgeId)
    {
        var result = new EvaluationResult
        {
            ModelId = modelId, JudgeId = judgeId, Accuracy = r.Accuracy, N = r.N,
            FrechetDistance = r.Fid ?? double.NaN,
            ClassEntropy = r.DiversityMarginalEntropy ?? PredictedLabelEntropy(r.Confusion),
        };
        foreach (var a in r.PerInstrument) result.PerInstrumentAccuracy[a.Instrument] = a.Accuracy;
        for (var c = 0; c < Instruments.All.Count; c++)
        {
            var row = new ConfusionRow { Instrument = Instruments.All[c] };
            row.Counts.Add(r.Confusion[c]);
            result.Confusion.Add(row);
        }
        return result;
    }

    /// <summary>
    /// Core scores classifiers by their labels only, so their class entropy is that of the predicted-label
    /// distribution (the confusion's column sums), in nats.
    /// </summary>
    static double PredictedLabelEntropy(int[][] confusion)
    {
        var columns = Enumerable.Range(0, confusion[0].Length).Select(c => confusion.Sum(row => (double)row[c])).ToArray();
        var total = columns.Sum();
        return total == 0 ? 0 : -columns.Where(v => v > 0).Sum(v => v / total * Math.Log(v / total));
    }

    sealed class Progress(Action<int, int> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value.Done, value.Total);
    }
}
