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
/// <param name="SecondReaderR">As <paramref name="ReaderR"/>, read by the second pose judge (<see cref="Models.PoseJudge"/>); null without one.</param>
/// <param name="SecondGeneratedR">As <paramref name="GeneratedR"/>, read by the second pose judge; null without one.</param>
/// <param name="SoundR">How much of the parameter the sound determines at all: r of <see cref="SoundPoseCeiling"/>'s probe from the model's condition; null where not measured.</param>
public sealed record PoseParameterResult(int Index, string Name, double? ReaderR, double? GeneratedR, double GeneratedMae, double MeanPoseMae,
    double? SecondReaderR = null, double? SecondGeneratedR = null, double? SoundR = null)
{
    /// <summary>Issue 17's bar for a parameter the regressor reads: r ≥ 0.5 on real frames.</summary>
    public const double ReadableFrom = 0.5;
    /// <summary>Issue 17's bar for a readable parameter that follows the sound: r ≥ 0.3 on generated frames.</summary>
    public const double FollowsFrom = 0.3;

    public bool Readable => ReaderR >= ReadableFrom;
    /// <summary>Whether the generated pose follows the sound; null where the regressor cannot read the parameter (nothing to measure with).</summary>
    public bool? Follows => Readable ? GeneratedR >= FollowsFrom : null;
    /// <summary>
    /// The same by the second pose judge: null without one or where it cannot read the parameter. A pose teacher of the
    /// regressor's kind can teach G what fools the regressor alone; a pose both judges read is drawn.
    /// </summary>
    public bool? SecondFollows => SecondReaderR >= ReadableFrom ? SecondGeneratedR >= FollowsFrom : null;
    /// <summary>
    /// Whether the sound sets the parameter at all (<see cref="SoundR"/> ≥ <see cref="ReadableFrom"/>); null where not
    /// measured. Where it does not, no generator conditioned on the chunk can draw it (the bows: RESULTS.md), which is
    /// why the tables count the readable parameters the sound sets beside the readable ones.
    /// </summary>
    public bool? SetBySound => SoundR is double r ? r >= ReadableFrom : null;
}

/// <summary>A pose model measured on a split: its instrument's pairs, one generated image per sound.</summary>
public sealed record PoseEvaluation(string ModelId, string Instrument, string Source, int Pairs, long Seed, IReadOnlyList<PoseParameterResult> Parameters)
{
    public string Method => "one image per pair's sound; the pose regressor (and the second pose judge, where the store has one) reads the pose of the real frame and of the generated image; " +
                            "Pearson's r of each against the true pose of the sound's note";
}

/// <summary>
/// Does the pose follow the sound (issue 17 §3)? For one instrument's pose model: every pair of that instrument in a
/// split is generated from its sound (seeded as <see cref="S2IEvaluator.SampleSeed"/>, judged as its 8-bit image, as
/// the services return it), and the pose regressor reads the pose of the generated image and of the real frame. Both
/// readings are correlated with the true pose of the sound's note, per parameter: the real frames say which
/// parameters the regressor can read at all, the generated ones whether the model draws them from the sound. Where the
/// store has the second pose judge (<c>judge-pose</c>), it reads the same images and frames.
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
        var second = models.Has(StoredModels.PoseJudgeId) ? models.PoseJudge : null;
        models.Generator(id); // fail on a missing model before generating anything
        using var own = split.Data.OfClass(label);
        if (own.Count < 2) throw new InvalidInputException($"'{source}' has {own.Count} pair of {instrument}: a correlation needs at least 2");
        var generator = new SoundToImage(models);
        var read = new List<double[]>(own.Count);
        var readBySecond = new List<double[]>(own.Count);
        for (var start = 0; start < own.Count; start += Batch)
        {
            cancel.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var n = Math.Min(Batch, own.Count - start);
            var seeds = Enumerable.Range(start, n).Select(i => S2IEvaluator.SampleSeed(seed, i)).ToArray();
            var images = ImageTensors.As8BitPixels(generator.GenerateEach(own.Sounds.narrow(0, start, n), id, seeds));
            var labels = own.Labels.AsSpan(start, n).ToArray();
            read.AddRange(PoseRegressorTrainer.Read(regressor, images, labels));
            if (second is not null) readBySecond.AddRange(PoseRegressorTrainer.Read(second, images, labels));
            progress?.Report((start + n, own.Count));
        }
        var real = PoseRegressorTrainer.Read(regressor, own.Images, own.Labels);
        var truth = PoseRegressorTrainer.Rows(own.Pose!);
        var readerR = PoseCorrelation.PerParameter(real, truth);
        var generatedR = PoseCorrelation.PerParameter(read, truth);
        var generatedMae = PoseError.Between(read, truth).PerParameter;
        var means = Enumerable.Range(0, truth[0].Length).Select(k => truth.Average(t => t[k])).ToArray();
        var meanPoseMae = PoseError.Between(truth.Select(_ => means).ToArray(), truth).PerParameter;
        var secondReaderR = second is null ? null : PoseCorrelation.PerParameter(PoseRegressorTrainer.Read(second, own.Images, own.Labels), truth);
        var secondGeneratedR = second is null ? null : PoseCorrelation.PerParameter(readBySecond, truth);
        var names = PoseParameterNames.Of(instrument);
        var parameters = Enumerable.Range(0, truth[0].Length).Select(k =>
            new PoseParameterResult(k, k < names.Count ? names[k] : $"pose_{k}", readerR[k], generatedR[k], generatedMae[k], meanPoseMae[k],
                secondReaderR?[k], secondGeneratedR?[k])).ToList();
        return new PoseEvaluation(id, Instruments.All[label], source, own.Count, seed, parameters);
    }
}
