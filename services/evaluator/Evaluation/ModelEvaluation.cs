using CrossModal.Core;
using CrossModal.Core.Datasets;
using CrossModal.Core.Evaluation;
using CrossModal.Core.Models;
using CrossModal.Core.Pipelines;
using CrossModal.Core.Runtime;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;
using CrossModal.Protos.V1;
using CrossModal.ServiceDefaults;
using static TorchSharp.torch;
using EvaluationResult = CrossModal.Protos.V1.EvaluationResult;

namespace CrossModal.EvaluatorService.Evaluation;

/// <summary>
/// A stored model scored on a dataset split. Classifiers label the real pairs; generators make one sample per pair
/// from its condition (sound for S2I and pose models, image for I2S) with seeded noise, and the judge labels the
/// samples (the paper's classifier-based evaluation). For generators the Fréchet distance between generated and
/// real samples is measured in the judge's embedding space. Runs on one thread (torch dispose scopes are per thread),
/// reporting progress per chunk and stopping between chunks when cancelled.
/// </summary>
public sealed class ModelEvaluation(ServiceModels models, ServicePaths paths)
{
    const int Chunk = 64;

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
        var dataset = paths.Dataset(request.Dataset);
        var instruments = manifest.Kind == ModelKinds.Pose ? new[] { manifest.Instrument! } : null;
        using var loaded = DatasetTensors.Load(dataset, new DatasetLoadOptions { Split = split, Instruments = instruments, Seed = request.Seed }, cancel: cancel);
        var rows = Rows(loaded.Data.Count, request.Limit, request.Seed);
        var labels = rows.Select(i => loaded.Data.Labels[i]).ToArray();
        using var index = tensor(rows.Select(i => (long)i).ToArray());
        using var sounds = loaded.Data.Sounds.index_select(0, index);
        using var images = loaded.Data.Images.index_select(0, index);

        var (probabilities, fd, judgeId) = manifest.Kind switch
        {
            ModelKinds.SoundEncoder => (Classify(models.SoundEncoder(manifest.Id), sounds, unitLms: true, progress, cancel), double.NaN, manifest.Id),
            ModelKinds.ImageEncoder => (Classify(models.ImageEncoder(manifest.Id), images, unitLms: false, progress, cancel), double.NaN, manifest.Id),
            ModelKinds.S2I or ModelKinds.Pose => Generated(models.Generator(manifest.Id), sounds, images, sound: false, request.Seed, progress, cancel),
            ModelKinds.I2S => Generated(models.Generator(manifest.Id), images, sounds, sound: true, request.Seed, progress, cancel),
            var kind => throw new InvalidInputException($"model '{manifest.Id}' is a {kind} model; evaluation takes classifiers and generators."),
        };
        return Result(manifest.Id, judgeId, labels, probabilities, fd);
    }

    /// <summary>All rows, or <paramref name="limit"/> of them chosen by the seed (kept in dataset order).</summary>
    static int[] Rows(int n, int limit, long seed)
    {
        if (limit == 0 || limit >= n) return Enumerable.Range(0, n).ToArray();
        var rng = Seeding.Stream(seed, "evaluate-subset");
        return Enumerable.Range(0, n).OrderBy(_ => rng.Next()).Take(limit).Order().ToArray();
    }

    double[][] Classify(nn.Module<Tensor, Tensor> classifier, Tensor inputs, bool unitLms, Action<int, int> progress, CancellationToken cancel)
    {
        var n = (int)inputs.shape[0];
        var all = new List<double[]>(n);
        for (var start = 0; start < n; start += Chunk)
        {
            cancel.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var part = inputs.narrow(0, start, Math.Min(Chunk, n - start));
            all.AddRange(Inference.Probabilities(classifier, (unitLms ? SoundInput.ToUnit(part) : part).to(models.Device)));
            progress(all.Count, n);
        }
        return all.ToArray();
    }

    /// <summary>
    /// Generates from <paramref name="conditions"/> (LMS in dB or images), judges the samples and measures their
    /// Fréchet distance to <paramref name="real"/> in the judge's embedding space.
    /// </summary>
    (double[][], double, string) Generated(ServedGenerator g, Tensor conditions, Tensor real, bool sound, long seed,
        Action<int, int> progress, CancellationToken cancel)
    {
        var n = (int)conditions.shape[0];
        IEmbeddingClassifier judge = sound ? models.SoundEncoder() : models.ImageEncoder();
        var judgeModule = (nn.Module<Tensor, Tensor>)judge;
        var probabilities = new List<double[]>(n);
        var fakeFeatures = new List<Tensor>();
        var realFeatures = new List<Tensor>();
        try
        {
            for (var start = 0; start < n; start += Chunk)
            {
                cancel.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                using var _ = inference_mode();
                var len = Math.Min(Chunk, n - start);
                var embedding = g.Encoder.Embed(conditions.narrow(0, start, len).to(models.Device));
                using var noise = new Generator((ulong)Seeding.Derive(seed, "evaluate-noise", start));
                var z = randn([len, g.Network.NoiseSize], generator: noise).to(models.Device);
                var sample = g.Network.call(embedding, z);
                // The judge sees what it was trained on: unit-scaled 128x44 LMS (I2S output brought back to the chunk
                // size, paper §4), or images in [-1, 1].
                var judged = sound ? SoundInput.ToUnit(SoundInput.Normalisation.FromI2S(sample)) : sample;
                var realPart = real.narrow(0, start, len).to(models.Device);
                var realJudged = sound ? SoundInput.ToUnit(realPart) : realPart;
                probabilities.AddRange(Inference.Probabilities(judgeModule, judged));
                fakeFeatures.Add(judge.Embed(judged).cpu().MoveToOuterDisposeScope());
                realFeatures.Add(judge.Embed(realJudged).cpu().MoveToOuterDisposeScope());
                progress(probabilities.Count, n);
            }
            var fd = double.NaN;
            if (n >= 2)
            {
                using var fake = cat(fakeFeatures, 0);
                using var realAll = cat(realFeatures, 0);
                fd = FrechetDistance.Between(fake, realAll);
            }
            return (probabilities.ToArray(), fd, sound ? StoredModels.SoundEncoderId : StoredModels.ImageEncoderId);
        }
        finally
        {
            foreach (var t in fakeFeatures.Concat(realFeatures)) t.Dispose();
        }
    }

    static EvaluationResult Result(string modelId, string judgeId, int[] labels, double[][] probabilities, double fd)
    {
        if (probabilities.Length > 0 && probabilities[0].Length != Instruments.All.Count)
            throw new ModelStoreException($"the judge has {probabilities[0].Length} classes, the product knows {Instruments.All.Count} instruments");
        var predicted = probabilities.Select(p => Array.IndexOf(p, p.Max())).ToArray();
        var report = ClassificationReport.From(labels, predicted, Instruments.All.Count);
        var result = new EvaluationResult
        {
            ModelId = modelId, JudgeId = judgeId, Accuracy = report.Accuracy, N = labels.Length, FrechetDistance = fd,
            ClassEntropy = DiversityScore.FromProbabilities(probabilities).MarginalEntropy,
        };
        for (var c = 0; c < Instruments.All.Count; c++)
        {
            if (report.Support[c] > 0) result.PerInstrumentAccuracy[Instruments.All[c]] = report.PerClassAccuracy[c];
            var row = new ConfusionRow { Instrument = Instruments.All[c] };
            for (var p = 0; p < Instruments.All.Count; p++) row.Counts.Add(report.Confusion[c, p]);
            result.Confusion.Add(row);
        }
        return result;
    }
}
