using CrossModal.Core.Generation;
using CrossModal.Core.Imaging;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;
using CrossModal.Domain;
using static TorchSharp.torch;

namespace CrossModal.Core.Evaluation;

/// <summary>One pose parameter of one pose model, as <see cref="PoseEvaluator"/> measured it.</summary>
/// <param name="ReaderR">Pearson's r between the pose the regressor reads from the split's real frames and their true pose: whether it can read this parameter at all.</param>
/// <param name="GeneratedR">Pearson's r between the pose it reads from the images generated from the frames' sounds and the true pose of those sounds' notes.</param>
/// <param name="GeneratedMae">Mean absolute error of the generated images' pose.</param>
/// <param name="MeanPoseMae">Chance level: the error of predicting every frame's pose as the instrument's mean pose.</param>
public sealed record PoseParameterResult(int Index, string Name, double? ReaderR, double? GeneratedR, double GeneratedMae, double MeanPoseMae)
{
    /// <summary>Issue 17's bar for a parameter the regressor reads: r ≥ 0.5 on real frames.</summary>
    public const double ReadableFrom = 0.5;
    /// <summary>Issue 17's bar for a readable parameter that follows the sound: r ≥ 0.3 on generated frames.</summary>
    public const double FollowsFrom = 0.3;

    public bool Readable => ReaderR >= ReadableFrom;
    /// <summary>Whether the generated pose follows the sound; null where the regressor cannot read the parameter (nothing to measure with).</summary>
    public bool? Follows => Readable ? GeneratedR >= FollowsFrom : null;
}

/// <summary>A pose model measured on a split: its instrument's pairs, one generated image per sound.</summary>
public sealed record PoseEvaluation(string ModelId, string Instrument, string Source, int Pairs, long Seed, IReadOnlyList<PoseParameterResult> Parameters)
{
    public string Method => "one image per pair's sound; the pose regressor reads the pose of the real frame and of the generated image; " +
                            "Pearson's r of each against the true pose of the sound's note";
}

/// <summary>
/// Does the pose follow the sound (issue 17 §3)? For one instrument's pose model: every pair of that instrument in a
/// split is generated from its sound (seeded as <see cref="S2IEvaluator.SampleSeed"/>, judged as its 8-bit image, as
/// the services return it), and the pose regressor reads the pose of the generated image and of the real frame. Both
/// readings are correlated with the true pose of the sound's note, per parameter: the real frames say which
/// parameters the regressor can read at all, the generated ones whether the model draws them from the sound.
/// </summary>
public static class PoseEvaluator
{
    const int Batch = 64;

    public static PoseEvaluation OnSplit(ModelSet models, string instrument, LoadedSplit split, string source, long seed,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        var label = Instruments.IndexOf(instrument);
        if (label < 0) throw new InvalidInputException($"'{instrument}' is not one of {string.Join(", ", Instruments.All)}");
        var id = StoredModels.PoseId(Instruments.All[label]);
        if (split.Data.Pose is null) throw new InvalidInputException($"'{source}' has no pose parameters (pose_0..pose_3 in pairs.csv: only the synthetic dataset has them)");
        var regressor = models.PoseRegressor;
        models.Generator(id); // fail on a missing model before generating anything
        using var own = split.Data.OfClass(label);
        if (own.Count < 2) throw new InvalidInputException($"'{source}' has {own.Count} pair of {instrument}: a correlation needs at least 2");
        var generator = new SoundToImage(models);
        var read = new List<double[]>(own.Count);
        for (var start = 0; start < own.Count; start += Batch)
        {
            cancel.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var n = Math.Min(Batch, own.Count - start);
            var seeds = Enumerable.Range(start, n).Select(i => S2IEvaluator.SampleSeed(seed, i)).ToArray();
            var images = ImageTensors.As8BitPixels(generator.GenerateEach(own.Sounds.narrow(0, start, n), id, seeds));
            read.AddRange(PoseRegressorTrainer.Read(regressor, images, own.Labels.AsSpan(start, n).ToArray()));
            progress?.Report((start + n, own.Count));
        }
        var real = PoseRegressorTrainer.Read(regressor, own.Images, own.Labels);
        var truth = PoseRegressorTrainer.Rows(own.Pose!);
        var readerR = PoseCorrelation.PerParameter(real, truth);
        var generatedR = PoseCorrelation.PerParameter(read, truth);
        var generatedMae = PoseError.Between(read, truth).PerParameter;
        var means = Enumerable.Range(0, truth[0].Length).Select(k => truth.Average(t => t[k])).ToArray();
        var meanPoseMae = PoseError.Between(truth.Select(_ => means).ToArray(), truth).PerParameter;
        var names = PoseParameterNames.Of(instrument);
        var parameters = Enumerable.Range(0, truth[0].Length).Select(k =>
            new PoseParameterResult(k, k < names.Count ? names[k] : $"pose_{k}", readerR[k], generatedR[k], generatedMae[k], meanPoseMae[k])).ToList();
        return new PoseEvaluation(id, Instruments.All[label], source, own.Count, seed, parameters);
    }
}
