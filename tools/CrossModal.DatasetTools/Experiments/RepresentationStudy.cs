using System.Diagnostics;
using CrossModal.Core;
using CrossModal.Core.Audio;
using CrossModal.Core.Datasets;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Training;
using CrossModal.Domain;
using static TorchSharp.torch;

namespace CrossModal.DatasetTools.Experiments;

/// <summary>Settings of the representation study (the paper's Table 1 on our data).</summary>
public sealed record RepresentationStudyOptions
{
    /// <summary>Training pairs per instrument (seeded choice; 0 = all). Validation takes at most a quarter as many.</summary>
    public int PerClass { get; init; } = 50;
    public int Epochs { get; init; } = 3;
    public int BatchSize { get; init; } = 64;
    public long Seed { get; init; } = 1;
    public IReadOnlyList<int> ConvLayers { get; init; } = [3, 4];
    public IReadOnlyList<Representation> Representations { get; init; } =
        [Representation.Ms, Representation.Lms, Representation.Cqt, Representation.Mfcc, Representation.Stft];

    public void Validate()
    {
        if (PerClass < 0) throw new InvalidInputException($"per-class must be >= 0, got {PerClass}.");
        if (Epochs is < 1 or > 1000) throw new InvalidInputException($"epochs must be 1 to 1000, got {Epochs}.");
        if (ConvLayers.Count == 0 || ConvLayers.Any(l => l is < 3 or > 4)) throw new InvalidInputException("conv layers must be 3 or 4.");
        if (Representations.Count == 0) throw new InvalidInputException("no representation to compare.");
    }
}

/// <summary>One cell of Table 1: a representation at a depth, our validation accuracy beside the paper's.</summary>
public sealed record RepresentationScore(string Representation, int ConvLayers, int Bins, double ValidationAccuracy, double TrainAccuracy,
    double TrainSeconds, double? PaperAccuracy);

/// <summary>What <c>crossmodal experiment representations</c> writes (and <c>report</c> reads): <c>representations.json</c>.</summary>
public sealed record RepresentationStudyResult
{
    public const string FileName = "representations.json";
    public required string Dataset { get; init; }
    public int TrainN { get; init; }
    public int ValidationN { get; init; }
    public int Epochs { get; init; }
    public int PerClass { get; init; }
    public long Seed { get; init; }
    public int Threads { get; init; }
    public double FeatureSeconds { get; init; }
    public string Standardisation { get; init; } = "";
    public List<RepresentationScore> Scores { get; init; } = [];
}

/// <summary>
/// Table 1 of the paper on a dataset folder: the sound classifier (3 and 4 conv layers, input height = the
/// representation's bin count) trained on STFT, MS, CQT, MFCC and LMS of the same chunks and scored on the
/// validation split. Features are computed once per representation, in parallel (the CQT is ~17 ms a chunk).
/// Each representation is standardised with one scalar mean and standard deviation of its training values: the
/// network sees every representation at a comparable scale, and no per-bin normalisation flattens what makes
/// one representation better than another. For MS (linear mel power) this keeps its heavy-tailed dynamic range,
/// which is what the paper effectively compared when it fed the mel spectrum to the same CNN.
/// </summary>
public static class RepresentationStudy
{
    public const string StandardisationNote =
        "each representation standardised by one scalar mean and standard deviation of its training values (MS stays linear power)";

    public static RepresentationStudyResult Run(string datasetRoot, RepresentationStudyOptions options,
        IProgress<(string Stage, int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        options.Validate();
        var dataset = DatasetFolder.Read(datasetRoot, DatasetVerification.None, ct: cancel);
        var train = Pick(dataset.InSplit(DatasetSplit.Train), options.PerClass, options.Seed);
        var validation = Pick(dataset.InSplit(DatasetSplit.Validation), options.PerClass == 0 ? 0 : Math.Max(1, options.PerClass / 4), options.Seed);
        if (train.Count < 2) throw new InvalidInputException($"dataset '{datasetRoot}' has {train.Count} training pairs; the study needs at least 2.");
        if (validation.Count == 0) throw new InvalidInputException($"dataset '{datasetRoot}' has no validation pairs.");
        if (train.Any(s => s.LabelIndex >= Instruments.Count) || validation.Any(s => s.LabelIndex >= Instruments.Count))
            throw new InvalidInputException($"dataset '{datasetRoot}' has classes beyond the {Instruments.Count} instruments.");

        var trainChunks = LoadChunks(train, "reading training sound", progress, cancel);
        var validationChunks = LoadChunks(validation, "reading validation sound", progress, cancel);
        var trainLabels = train.Select(s => s.LabelIndex).ToArray();
        var validationLabels = validation.Select(s => s.LabelIndex).ToArray();

        var scores = new List<RepresentationScore>();
        var featureClock = new Stopwatch();
        foreach (var representation in options.Representations)
        {
            featureClock.Start();
            var bins = FeatureExtractor.BinCount(representation);
            var trainFeatures = Features(trainChunks, representation, progress, cancel);
            var validationFeatures = Features(validationChunks, representation, progress, cancel);
            var (mean, std) = ScalarStatistics(trainFeatures);
            featureClock.Stop();
            foreach (var layers in options.ConvLayers)
            {
                cancel.ThrowIfCancellationRequested();
                var clock = Stopwatch.StartNew();
                using var scope = NewDisposeScope();
                var x = Standardised(trainFeatures, bins, mean, std);
                var xv = Standardised(validationFeatures, bins, mean, std);
                Seeding.SeedTorch(options.Seed, $"representation-init-{representation}-{layers}");
                using var model = new SoundClassifier(new SoundClassifierConfig { InputHeight = bins, ConvLayers = layers });
                var stage = $"training {representation.ToString().ToUpperInvariant()}, {layers} conv";
                var trainer = new ClassifierTrainer<SoundClassifier>(model, new ClassifierTrainingOptions
                {
                    Epochs = options.Epochs, BatchSize = Math.Min(options.BatchSize, Math.Max(2, train.Count)), Seed = options.Seed,
                });
                trainer.Train(x, trainLabels, new Progress<TrainingProgress>(p =>
                    progress?.Report((stage, (p.Epoch - 1) * p.StepsPerEpoch + p.Step, p.Epochs * p.StepsPerEpoch))), cancel);
                var validationAccuracy = Accuracy(ClassifierInference.Predict(model, xv), validationLabels);
                var trainAccuracy = Accuracy(ClassifierInference.Predict(model, x), trainLabels);
                scores.Add(new RepresentationScore(representation.ToString().ToUpperInvariant(), layers, bins, validationAccuracy, trainAccuracy,
                    clock.Elapsed.TotalSeconds, PaperFigures.Table1(representation, layers) / 100));
            }
        }
        return new RepresentationStudyResult
        {
            Dataset = Path.GetFullPath(datasetRoot), TrainN = train.Count, ValidationN = validation.Count, Epochs = options.Epochs,
            PerClass = options.PerClass, Seed = options.Seed, Threads = get_num_threads(), FeatureSeconds = featureClock.Elapsed.TotalSeconds,
            Standardisation = StandardisationNote, Scores = scores,
        };
    }

    /// <summary>At most <paramref name="perClass"/> pairs of each instrument (0: all), a seeded choice, in name order.</summary>
    static List<PairedSample> Pick(IEnumerable<PairedSample> samples, int perClass, long seed)
    {
        var chosen = new List<PairedSample>();
        foreach (var group in samples.GroupBy(s => s.LabelIndex).OrderBy(g => g.Key))
        {
            var items = group.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
            if (perClass > 0 && items.Count > perClass)
            {
                var rng = Seeding.Stream(seed, "representation-pick", group.Key);
                items = items.OrderBy(_ => rng.Next()).Take(perClass).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
            }
            chosen.AddRange(items);
        }
        return chosen;
    }

    static float[][] LoadChunks(List<PairedSample> samples, string stage, IProgress<(string, int, int)>? progress, CancellationToken cancel)
    {
        var chunks = new float[samples.Count][];
        var done = 0;
        Core.Evaluation.ParallelFiles.For(samples.Count, i =>
        {
            chunks[i] = ChunkAudio.ToModelChunk(samples[i].LoadSound());
            progress?.Report((stage, Interlocked.Increment(ref done), samples.Count));
        }, cancel);
        return chunks;
    }

    static float[][] Features(float[][] chunks, Representation representation, IProgress<(string, int, int)>? progress, CancellationToken cancel)
    {
        var features = new float[chunks.Length][];
        var done = 0;
        var stage = $"computing {representation.ToString().ToUpperInvariant()}";
        Core.Evaluation.ParallelFiles.For(chunks.Length, i =>
        {
            features[i] = FeatureExtractor.Extract(chunks[i], representation).Data;
            progress?.Report((stage, Interlocked.Increment(ref done), chunks.Length));
        }, cancel);
        return features;
    }

    static (double Mean, double Std) ScalarStatistics(float[][] features)
    {
        double sum = 0, sumSq = 0;
        long n = 0;
        foreach (var f in features)
            foreach (var v in f) { sum += v; sumSq += (double)v * v; n++; }
        var mean = sum / n;
        var std = Math.Sqrt(Math.Max(0, sumSq / n - mean * mean));
        return (mean, std > 1e-12 ? std : 1);
    }

    static Tensor Standardised(float[][] features, int bins, double mean, double std)
    {
        var size = features[0].Length;
        var data = new float[(long)features.Length * size];
        for (var i = 0; i < features.Length; i++)
            for (var j = 0; j < size; j++) data[(long)i * size + j] = (float)((features[i][j] - mean) / std);
        return tensor(data, [features.Length, 1, bins, size / bins]);
    }

    static double Accuracy(int[] predicted, int[] truth) => predicted.Zip(truth).Count(p => p.First == p.Second) / (double)truth.Length;
}
