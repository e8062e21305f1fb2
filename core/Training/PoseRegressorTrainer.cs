using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>Pose regressor training settings.</summary>
public sealed record PoseRegressorTrainingOptions
{
    public int Epochs { get; init; } = 10;
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 1e-3;
    public long Seed { get; init; } = 1;

    public void Validate()
    {
        if (Epochs < 1) throw new InvalidInputException($"epochs must be positive, got {Epochs}");
        if (BatchSize < 2) throw new InvalidInputException($"batch size must be at least 2 (batch norm), got {BatchSize}");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new InvalidInputException($"learning rate must be positive, got {LearningRate}");
    }
}

/// <summary>
/// Trains a pose model (<see cref="PoseRegressor"/>, <see cref="PoseJudge"/>) with Adam on the mean squared error between each image's own-instrument
/// head and its ground-truth pose. Shuffling comes from <see cref="EpochPlan"/> (run seed, epoch), so a run
/// is reproducible at a fixed thread count; weight initialisation is the caller's (seed torch before building
/// the model). Returns the mean training loss of each epoch.
/// </summary>
public sealed class PoseRegressorTrainer(InstrumentPoseModel model, PoseRegressorTrainingOptions options)
{
    public double[] Train(Tensor images, int[] instruments, Tensor pose, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        options.Validate();
        CheckData(model, images, instruments, pose);
        var n = instruments.Length;
        if (n < 2) throw new InvalidInputException($"pose training needs at least 2 images, got {n}");
        using var opt = optim.Adam(model.parameters(), options.LearningRate);
        using var allInstruments = tensor(instruments.Select(i => (long)i).ToArray(), device: images.device);
        var losses = new double[options.Epochs];
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            model.train();
            Seeding.SeedTorch(options.Seed, "pose-regressor", epoch);
            var batches = EpochPlan.Batches(n, options.BatchSize, options.Seed, epoch);
            double sum = 0;
            for (var step = 1; step <= batches.Count; step++)
            {
                cancel.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var idx = tensor(batches[step - 1].Select(i => (long)i).ToArray(), device: images.device);
                var v = GuardedUpdate.Run("pose regressor", epoch, step, opt, model, [model], _ =>
                {
                    var predicted = model.Predict(images.index_select(0, idx), allInstruments.index_select(0, idx));
                    return nn.functional.mse_loss(predicted, pose.index_select(0, idx).to_type(predicted.dtype));
                });
                sum += v;
                progress?.Report(new TrainingProgress("pose", epoch, options.Epochs, step, batches.Count,
                    new Dictionary<string, double> { ["mse"] = v }));
            }
            losses[epoch - 1] = sum / batches.Count;
            progress?.Report(new TrainingProgress("pose", epoch, options.Epochs, batches.Count, batches.Count,
                new Dictionary<string, double> { ["mse"] = losses[epoch - 1] }, EpochCompleted: true));
        }
        model.eval();
        return losses;
    }

    /// <summary>Mean absolute error of each pose parameter (eval mode, batches of 256), in the parameters' [0, 1] units.</summary>
    public static double[] MeanAbsoluteError(InstrumentPoseModel model, Tensor images, int[] instruments, Tensor pose)
    {
        CheckData(model, images, instruments, pose);
        return PoseError.Between(Read(model, images, instruments), Rows(pose)).PerParameter;
    }

    /// <summary>
    /// The pose the model reads from each image for that image's instrument (eval mode, batches of 256): one
    /// array of <see cref="InstrumentPoseModel.Outputs"/> values in [0, 1] per image.
    /// </summary>
    public static List<double[]> Read(InstrumentPoseModel model, Tensor images, int[] instruments)
    {
        const int batch = 256;
        var predicted = new List<double[]>(instruments.Length);
        var k = model.Outputs;
        model.eval();
        using (inference_mode())
        {
            for (var start = 0; start < instruments.Length; start += batch)
            {
                using var scope = NewDisposeScope();
                var len = Math.Min(batch, instruments.Length - start);
                var idx = tensor(instruments.AsSpan(start, len).ToArray().Select(i => (long)i).ToArray(), device: images.device);
                var p = model.Predict(images.narrow(0, start, len), idx).to_type(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
                for (var i = 0; i < len; i++) predicted.Add(p.AsSpan(i * k, k).ToArray());
            }
        }
        return predicted;
    }

    /// <summary>The rows of a pose tensor [N, k] as arrays.</summary>
    public static List<double[]> Rows(Tensor pose)
    {
        var k = (int)pose.shape[1];
        using var scope = NewDisposeScope();
        var values = pose.to_type(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
        return Enumerable.Range(0, (int)pose.shape[0]).Select(i => values.AsSpan(i * k, k).ToArray()).ToList();
    }

    private static void CheckData(InstrumentPoseModel model, Tensor images, int[] instruments, Tensor pose)
    {
        var n = instruments.Length;
        if (n == 0) throw new InvalidInputException("no images to train or evaluate the pose regressor on");
        if (images.dim() != 4 || images.shape[0] != n || images.shape[1] != 3 || images.shape[2] != 64 || images.shape[3] != 64)
            throw new InvalidInputException($"pose regressor images must be [{n},3,64,64], got [{string.Join(",", images.shape)}]");
        var k = model.Outputs;
        if (pose.dim() != 2 || pose.shape[0] != n || pose.shape[1] != k)
            throw new InvalidInputException($"pose targets must be [{n},{k}], got [{string.Join(",", pose.shape)}]");
        if (instruments.Any(i => i < 0 || i >= model.Instruments))
            throw new InvalidInputException($"instrument indices must be in 0..{model.Instruments - 1}");
        PairedTensorDataset.RequireFinite(images, "pose regressor images");
        PairedTensorDataset.RequireFinite(pose, "pose targets");
        using var outside = (pose.lt(0) | pose.gt(1)).any();
        if (outside.item<bool>()) throw new InvalidInputException("pose targets must lie in [0, 1]");
    }
}
