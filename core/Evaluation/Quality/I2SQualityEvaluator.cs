using CrossModal.Domain;
using CrossModal.Core.Generation;
using CrossModal.Core.Imaging;
using CrossModal.Core.Models;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;
using CrossModal.Core.Runtime;
using static TorchSharp.torch;

namespace CrossModal.Core.Evaluation.Quality;

/// <summary>
/// Runs the <see cref="I2SQuality"/> measures on a loaded split: every image gets <see cref="SamplesPerImage"/> sounds
/// (noise drawn per batch from a seed derived from the run seed and the batch start), compared in the LMS itself
/// (dB, 2x2 mean → 64x22) and in a random feature space over the unit-scaled LMS.
/// </summary>
public static class I2SQualityEvaluator
{
    public const int SamplesPerImage = 8;
    const int ImagesPerBatch = 16;
    const string SpectrogramSpace = "LMS dB 64x22 (2x2 mean)";

    public static I2SQuality OnSplit(ModelSet models, LoadedSplit split, string source, long seed,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        var generator = new ImageToSound(models);
        models.Generator(StoredModels.I2SId);
        var data = split.Data;
        var names = Instruments.All;
        var notes = new List<string>();
        var s2iId = StoredModels.S2IId("c");
        var roundTrip = models.Has(s2iId) ? new SoundToImage(models) : null;
        if (roundTrip is null) notes.Add($"no '{s2iId}' model: no round trip image → sound → image");
        var secondJudge = models.Has(StoredModels.SoundJudgeId) ? models.SoundJudge : null;
        if (secondJudge is null) notes.Add($"no '{StoredModels.SoundJudgeId}' model: no second sound judge (train one with `crossmodal train judges`)");

        using var space = new RandomFeatureSpace(1);
        var realSpectra = SpectrogramRows(data.Sounds);
        var realFeatures = space.Features(SoundInput.ToUnit(data.Sounds));
        var spectrumSpread = new List<(int, double)>(data.Count);
        var featureSpread = new List<(int, double)>(data.Count);
        var roundTripLabels = new List<int>();
        var judgedTruth = new List<int>();
        var judgeLabels = new List<int>();
        for (var start = 0; start < data.Count; start += ImagesPerBatch)
        {
            cancel.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            using var _ = inference_mode();
            var n = Math.Min(ImagesPerBatch, data.Count - start);
            var images = data.Images.narrow(0, start, n).repeat_interleave(SamplesPerImage, 0);
            var lms = generator.GenerateLmsDb(images, Seeding.Derive(seed, "i2s-quality", start));
            var spectra = SpectrogramRows(lms);
            var features = space.Features(SoundInput.ToUnit(lms));
            var labels = data.Labels.AsSpan(start, n).ToArray();
            spectrumSpread.AddRange(labels.Zip(FeatureDistances.GroupSpreads(spectra, SamplesPerImage)));
            featureSpread.AddRange(labels.Zip(FeatureDistances.GroupSpreads(features, SamplesPerImage)));
            if (secondJudge is not null)
            {
                // Every noise sample is judged: the judge sees each sound the generator made for the image.
                judgedTruth.AddRange(Enumerable.Range(start, n).SelectMany(i => Enumerable.Repeat(data.Labels[i], SamplesPerImage)));
                judgeLabels.AddRange(ClassifierInference.Predict(secondJudge, SoundInput.ToUnit(lms)));
            }
            if (roundTrip is not null)
            {
                var firsts = lms.index_select(0, arange(0, n * SamplesPerImage, SamplesPerImage));
                var back = ImageTensors.As8BitPixels(roundTrip.Generate(firsts, s2iId, Seeding.Derive(seed, "i2s-quality-round-trip", start)));
                roundTripLabels.AddRange(ClassifierInference.Predict(models.ImageClassifier, back));
            }
            progress?.Report((start + n, data.Count));
        }

        return new I2SQuality
        {
            Source = source, Seed = seed, Images = data.Count, SamplesPerImage = SamplesPerImage,
            SpectrogramVariety = VarietyRatio.Compute(SpectrogramSpace, spectrumSpread,
                Enumerable.Range(0, data.Count).Select(i => (data.Labels[i], data.PieceIds[i], realSpectra[i])).ToList(), names),
            FeatureVariety = VarietyRatio.Compute("random conv features", featureSpread,
                Enumerable.Range(0, data.Count).Select(i => (data.Labels[i], data.PieceIds[i], realFeatures[i])).ToList(), names),
            SecondJudge = SecondJudgeResult(secondJudge is not null, source, judgedTruth, judgeLabels),
            RoundTrip = roundTrip is null ? null : new JudgedAccuracy("image classifier (the project's own)",
                $"I2S's sound from the image (sample 0), then {s2iId}'s image from that sound",
                EvaluationResult.From($"i2s→{s2iId}", source, data.Labels, roundTripLabels)),
            Notes = notes,
        };
    }

    static JudgedAccuracy? SecondJudgeResult(bool judged, string source, List<int> truth, List<int> predicted)
    {
        if (!judged) return null;
        var (result, refused) = RefusingJudgeScore.Of("i2s (second judge)", source, truth, predicted, Models.SoundJudge.RefusedClass);
        return new JudgedAccuracy("second sound judge (independent; a refusal counts as wrong)", $"all {SamplesPerImage} samples per image", result) { Refused = refused };
    }

    static float[][] SpectrogramRows(Tensor lmsDb)
    {
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        return RandomFeatureSpace.RowsOf(nn.functional.avg_pool2d(lmsDb.to_type(ScalarType.Float32).cpu(), 2).flatten(1)).ToArray();
    }
}
