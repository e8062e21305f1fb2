using CrossModal.Domain;
using CrossModal.Core.Generation;
using CrossModal.Core.Imaging;
using CrossModal.Core.Models;
using CrossModal.Core.Storage;
using CrossModal.Core.Runtime;
using CrossModal.Core.Training;
using static TorchSharp.torch;

namespace CrossModal.Core.Evaluation.Quality;

/// <summary>
/// Runs the <see cref="S2IQuality"/> measures on a loaded split: every sound gets <see cref="SamplesPerSound"/> images
/// (sample j of sound i with seed <see cref="SampleSeed"/>, so any batch gives the same image), each judged as the 8-bit
/// image a user receives. Sounds are processed a batch at a time and only features are kept, so memory stays bounded.
/// </summary>
public static class S2IQualityEvaluator
{
    public const int SamplesPerSound = 8;
    /// <summary>Noise draws the second judge's accuracy is averaged over (issue 17: 4 per sound).</summary>
    public const int JudgedSamplesPerSound = 4;
    const int SoundsPerBatch = 16;
    const int NoiseShareConditions = 64;
    const int NoiseShareDraws = 64;

    public static long SampleSeed(long seed, int sound, int sample) => Seeding.Derive(seed, "s2i-quality", (long)sound * SamplesPerSound + sample);

    /// <param name="reference">
    /// Real pairs of other pieces (the dataset's other split, as many per instrument as <paramref name="split"/> has): scored
    /// in place of generated images for <see cref="S2IQuality.CoverageReference"/>; null to skip it.
    /// </param>
    public static S2IQuality OnSplit(ModelSet models, string modelId, LoadedSplit split, string source, long seed,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default, LoadedSplit? reference = null)
    {
        var generator = new SoundToImage(models);
        var loaded = models.Generator(modelId);
        var data = split.Data;
        var names = Instruments.All;
        var notes = new List<string>();
        var roundTrip = models.Has(StoredModels.I2SId) ? new ImageToSound(models) : null;
        if (roundTrip is null) notes.Add($"no '{StoredModels.I2SId}' model: no round trip sound → image → sound");
        var secondJudge = models.Has(StoredModels.ImageJudgeId) ? models.ImageJudge : null;
        if (secondJudge is null) notes.Add($"no '{StoredModels.ImageJudgeId}' model: no second judge (train one with `crossmodal train judges`)");

        using var space = new RandomFeatureSpace(3);
        var realPixels = PixelSpace.Features(data.Images);
        var realFeatures = space.Features(data.Images);

        var pixelSpread = new List<(int, double)>(data.Count);
        var featureSpread = new List<(int, double)>(data.Count);
        var coverageSamples = new List<(int, float[])>(data.Count);
        var roundTripLabels = new List<int>();
        var judgedTruth = new List<int>();
        var judgeLabels = new List<int>();
        var judgeGreyLabels = new List<int>();
        for (var start = 0; start < data.Count; start += SoundsPerBatch)
        {
            cancel.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            using var _ = inference_mode();
            var n = Math.Min(SoundsPerBatch, data.Count - start);
            var lms = data.Sounds.narrow(0, start, n).repeat_interleave(SamplesPerSound, 0);
            var seeds = Enumerable.Range(start, n).SelectMany(i => Enumerable.Range(0, SamplesPerSound).Select(j => SampleSeed(seed, i, j))).ToArray();
            var images = ImageTensors.As8BitPixels(generator.GenerateEach(lms, modelId, seeds));
            var features = space.Features(images);
            var labels = data.Labels.AsSpan(start, n).ToArray();
            pixelSpread.AddRange(labels.Zip(FeatureDistances.GroupSpreads(PixelSpace.Features(images), SamplesPerSound)));
            featureSpread.AddRange(labels.Zip(FeatureDistances.GroupSpreads(features, SamplesPerSound)));
            coverageSamples.AddRange(labels.Select((label, i) => (label, features[i * SamplesPerSound])));
            if (secondJudge is not null)
            {
                // The first JudgedSamplesPerSound draws of every sound: row i*SamplesPerSound + j for j < JudgedSamplesPerSound.
                var rows = Enumerable.Range(0, n).SelectMany(i => Enumerable.Range(i * SamplesPerSound, JudgedSamplesPerSound)).Select(r => (long)r).ToArray();
                var judged = images.index_select(0, tensor(rows));
                judgedTruth.AddRange(Enumerable.Range(start, n).SelectMany(i => Enumerable.Repeat(data.Labels[i], JudgedSamplesPerSound)));
                judgeLabels.AddRange(ClassifierInference.Predict(secondJudge, judged));
                judgeGreyLabels.AddRange(ClassifierInference.Predict(secondJudge, ColourJitter.Greyscale(judged)));
            }
            if (roundTrip is not null)
            {
                var firsts = images.index_select(0, arange(0, n * SamplesPerSound, SamplesPerSound));
                var sound = roundTrip.GenerateLmsDb(firsts, Seeding.Derive(seed, "s2i-quality-round-trip", start));
                roundTripLabels.AddRange(ClassifierInference.Predict(models.SoundClassifier, SoundInput.ToUnit(sound)));
            }
            progress?.Report((start + n, data.Count));
        }

        var realPixelRows = Enumerable.Range(0, data.Count).Select(i => (data.Labels[i], data.PieceIds[i], realPixels[i])).ToList();
        var realFeatureRows = Enumerable.Range(0, data.Count).Select(i => (data.Labels[i], data.PieceIds[i], realFeatures[i])).ToList();
        var realCoverageRows = realFeatureRows.Select(r => (r.Item1, r.Item3)).ToList();
        var acrossPieces = EveryFrameHasNeighboursInOtherPieces(data, CoverageDensity.DefaultK);
        if (!acrossPieces) notes.Add($"some frame has fewer than {CoverageDensity.DefaultK} frames of its instrument in other pieces: no coverage across pieces");
        var realPieces = acrossPieces ? data.PieceIds : null;
        List<(int, float[])>? referenceRows = null;
        if (reference is not null)
        {
            var other = space.Features(reference.Data.Images);
            referenceRows = Enumerable.Range(0, reference.Data.Count).Select(i => (reference.Data.Labels[i], other[i])).ToList();
        }
        double? noiseShare = loaded.Network is IFirstLayerProbe probe ? NoiseShareOf(probe, loaded, data, seed) : null;
        if (noiseShare is null) notes.Add($"model '{modelId}' does not expose its first layer: no noise share");
        return new S2IQuality
        {
            ModelId = modelId, Source = source, Seed = seed, Sounds = data.Count, SamplesPerSound = SamplesPerSound,
            PixelVariety = VarietyRatio.Compute($"pixels {PixelSpace.Side}x{PixelSpace.Side}", pixelSpread, realPixelRows, names),
            FeatureVariety = VarietyRatio.Compute("random conv features", featureSpread, realFeatureRows, names),
            Coverage = CoverageSummary.Compute("random conv features", realCoverageRows, coverageSamples, names),
            // After the variety (its "two pieces" refusal names the real problem of a one-piece split first).
            CoverageReference = referenceRows is null ? null
                : CoverageSummary.Compute("random conv features, real scenes of other pieces", realCoverageRows, referenceRows, names),
            CoverageAcrossPieces = realPieces is null ? null : CoverageSummary.Compute("random conv features, balls across pieces", realCoverageRows, coverageSamples, names,
                realPieces: realPieces),
            CoverageAcrossPiecesReference = referenceRows is null || realPieces is null ? null
                : CoverageSummary.Compute("random conv features, balls across pieces, real scenes of other pieces", realCoverageRows, referenceRows, names,
                    realPieces: realPieces),
            NoiseShare = noiseShare,
            SecondJudge = secondJudge is null ? null : new JudgedAccuracy("second image judge (independent)",
                $"{JudgedSamplesPerSound} samples per sound", EvaluationResult.From($"{modelId} (second judge)", source, judgedTruth, judgeLabels)),
            SecondJudgeGreyscale = secondJudge is null ? null : new JudgedAccuracy("second image judge (independent)",
                $"greyscale copies of {JudgedSamplesPerSound} samples per sound", EvaluationResult.From($"{modelId} (second judge, greyscale)", source, judgedTruth, judgeGreyLabels)),
            RoundTrip = roundTrip is null ? null : new JudgedAccuracy("sound classifier (the project's own)",
                "image from the sound (sample 0), then I2S's sound from that image",
                EvaluationResult.From($"{modelId}→i2s", source, data.Labels, roundTripLabels)),
            Notes = notes,
        };
    }

    /// <summary>Whether every frame has at least <paramref name="k"/> frames of its instrument from other pieces (the balls of <see cref="S2IQuality.CoverageAcrossPieces"/>).</summary>
    static bool EveryFrameHasNeighboursInOtherPieces(PairedTensorDataset data, int k) =>
        data.Labels.Zip(data.PieceIds).GroupBy(f => f.First).All(instrument =>
            instrument.GroupBy(f => f.Second).All(piece => instrument.Count() - piece.Count() >= k));

    /// <summary>The noise share at G's first layer over conditions spread through the split.</summary>
    static double NoiseShareOf(IFirstLayerProbe probe, LoadedGenerator loaded, PairedTensorDataset data, long seed)
    {
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var c = Math.Min(NoiseShareConditions, data.Count);
        var rows = Enumerable.Range(0, c).Select(i => (long)i * data.Count / c).ToArray();
        var conditions = loaded.Encoder.Embed(data.Sounds.index_select(0, tensor(rows)));
        var z = GenerationNoise.Draw((long)c * NoiseShareDraws, loaded.Network.NoiseSize, seed, "s2i-quality-noise-share");
        var h = probe.FirstLayer(conditions.repeat_interleave(NoiseShareDraws, 0), z);
        return NoiseShare.FromActivations(h.reshape([c, NoiseShareDraws, -1]));
    }
}
