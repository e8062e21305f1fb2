using CrossModal.Core.Generation;
using CrossModal.Core.Runtime;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;
using CrossModal.Domain;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Evaluation;

/// <summary>How <see cref="SoundPoseCeiling"/> trains its probe: fixed, not tuned on any split it reports.</summary>
public sealed record SoundPoseCeilingOptions
{
    public int Hidden { get; init; } = 256;
    public int Epochs { get; init; } = 100;
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 1e-3;
    public double WeightDecay { get; init; } = 1e-2;
    public double Dropout { get; init; } = 0.2;
    public long Seed { get; init; } = 1;

    public void Validate()
    {
        if (Hidden < 1) throw new InvalidInputException($"the probe's hidden width must be positive, got {Hidden}");
        if (Epochs < 1) throw new InvalidInputException($"the probe's epochs must be positive, got {Epochs}");
        if (BatchSize < 2) throw new InvalidInputException($"the probe's batch size must be at least 2, got {BatchSize}");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new InvalidInputException($"the probe's learning rate must be positive, got {LearningRate}");
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay)) throw new InvalidInputException($"the probe's weight decay must be ≥ 0, got {WeightDecay}");
        if (!(Dropout >= 0 && Dropout < 1)) throw new InvalidInputException($"the probe's dropout must lie in [0, 1), got {Dropout}");
    }
}

/// <summary>
/// How much of each pose parameter the sound determines at all (issue 17 §3). A pose model draws the pose from its
/// condition (the sound encoder's embedding with the pitch and onset features); whatever that condition does not carry
/// about a parameter, no generator can draw. So a probe — a small MLP with nothing to fool, trained directly on
/// (condition, true pose) of a dataset's training pairs — is asked for the pose of the evaluated pairs' sounds, and
/// Pearson's r of its answer against their true pose is the figure: near 0, the chunk of sound says nothing about that
/// parameter (e.g. the bow's place depends on how many strokes were played since the last rest, mostly before the
/// chunk), and "r ≥ 0.3 between sound and generated pose" is out of any generator's reach for it; high, the sound
/// determines it, and a generator that misses it has something left to learn. The probe learns from the true pose,
/// not from a judge's reading, so it ranks no model and is tuned on nothing it reports (its settings are fixed).
/// </summary>
public static class SoundPoseCeiling
{
    /// <summary>What the figure is, for tables and reports.</summary>
    public const string Method = "how much of the parameter the sound determines at all: an MLP probe from the pose model's condition, trained on the true pose of the other split's pairs, r of its answer on these sounds";

    /// <summary>
    /// Trains the probe on (<paramref name="trainConditions"/> [N, D], <paramref name="trainPose"/> [N, k] in [0, 1]) and
    /// returns r per parameter between its prediction for <paramref name="evalConditions"/> and <paramref name="evalPose"/>
    /// (null where either is constant). Inputs are standardised with the training rows' mean and deviation.
    /// </summary>
    public static double?[] Measure(Tensor trainConditions, Tensor trainPose, Tensor evalConditions, Tensor evalPose, SoundPoseCeilingOptions? options = null)
    {
        options ??= new SoundPoseCeilingOptions();
        options.Validate();
        Check(trainConditions, trainPose, "training");
        Check(evalConditions, evalPose, "evaluated");
        if (trainConditions.shape[1] != evalConditions.shape[1])
            throw new InvalidInputException($"training conditions have {trainConditions.shape[1]} values, evaluated ones {evalConditions.shape[1]}");
        if (trainPose.shape[1] != evalPose.shape[1])
            throw new InvalidInputException($"training poses have {trainPose.shape[1]} parameters, evaluated ones {evalPose.shape[1]}");
        if (trainConditions.shape[0] < 2) throw new InvalidInputException($"the probe needs at least 2 training pairs, got {trainConditions.shape[0]}");

        using var scope = NewDisposeScope();
        var x = trainConditions.to_type(ScalarType.Float32).cpu();
        var y = trainPose.to_type(ScalarType.Float32).cpu();
        var mean = x.mean([0], keepdim: true);
        var std = x.std(0, keepdim: true).clamp_min(1e-6);
        x = (x - mean) / std;
        var xEval = (evalConditions.to_type(ScalarType.Float32).cpu() - mean) / std;

        Seeding.SeedTorch(options.Seed, "sound-pose-probe");
        using var probe = nn.Sequential(
            nn.Linear(x.shape[1], options.Hidden), nn.ReLU(), nn.Dropout(options.Dropout),
            nn.Linear(options.Hidden, options.Hidden), nn.ReLU(), nn.Dropout(options.Dropout),
            nn.Linear(options.Hidden, y.shape[1]), nn.Sigmoid());
        using var opt = optim.AdamW(probe.parameters(), options.LearningRate, weight_decay: options.WeightDecay);
        var n = (int)x.shape[0];
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            probe.train();
            foreach (var batch in EpochPlan.Batches(n, Math.Min(options.BatchSize, n), options.Seed, epoch))
            {
                using var step = NewDisposeScope();
                var idx = tensor(batch.Select(i => (long)i).ToArray());
                opt.zero_grad();
                var loss = nn.functional.mse_loss(probe.call(x.index_select(0, idx)), y.index_select(0, idx));
                loss.backward();
                opt.step();
            }
        }
        probe.eval();
        using (inference_mode())
        {
            var predicted = PoseRegressorTrainer.Rows(probe.call(xEval));
            return PoseCorrelation.PerParameter(predicted, PoseRegressorTrainer.Rows(evalPose));
        }
    }

    /// <summary>
    /// <see cref="Measure"/> for one instrument's pose model, through that model's own condition (what its generator
    /// sees): the probe learns from <paramref name="train"/>'s pairs of the instrument (other pieces than
    /// <paramref name="evaluated"/>'s) and is measured on <paramref name="evaluated"/>'s.
    /// </summary>
    public static double?[] ForPoseModel(ModelSet models, string instrument, LoadedSplit train, LoadedSplit evaluated, SoundPoseCeilingOptions? options = null)
    {
        var label = Instruments.IndexOf(instrument);
        if (label < 0) throw new InvalidInputException($"'{instrument}' is not one of {string.Join(", ", Instruments.All)}");
        var g = models.Generator(StoredModels.PoseId(Instruments.All[label]));
        using var trainOwn = train.Data.OfClass(label);
        using var evalOwn = evaluated.Data.OfClass(label);
        if (trainOwn.Pose is null || evalOwn.Pose is null) throw new InvalidInputException("the sound's pose ceiling needs the true pose of both splits' pairs (pose_0..pose_3 in pairs.csv)");
        if (trainOwn.Count < 2) throw new InvalidInputException($"the sound's pose ceiling needs at least 2 training pairs of {instrument}, the other split has {trainOwn.Count}");
        using var scope = NewDisposeScope();
        var trainConditions = GanTrainingData.EmbedAll(g.Placement.Input(trainOwn.Sounds), g.Encoder, 256);
        var evalConditions = GanTrainingData.EmbedAll(g.Placement.Input(evalOwn.Sounds), g.Encoder, 256);
        return Measure(trainConditions, trainOwn.Pose, evalConditions, evalOwn.Pose, options);
    }

    /// <summary>
    /// <paramref name="evaluation"/> with <see cref="ForPoseModel"/>'s r beside each of its parameters, the probe learning
    /// from <paramref name="train"/> (other pieces than the evaluated split's).
    /// </summary>
    public static PoseEvaluation Beside(PoseEvaluation evaluation, ModelSet models, LoadedSplit train, LoadedSplit evaluated)
    {
        var soundR = ForPoseModel(models, evaluation.Instrument, train, evaluated);
        return evaluation with { Parameters = evaluation.Parameters.Select(p => p with { SoundR = soundR[p.Index] }).ToList() };
    }

    static void Check(Tensor conditions, Tensor pose, string which)
    {
        if (conditions.dim() != 2 || pose.dim() != 2 || conditions.shape[0] != pose.shape[0])
            throw new InvalidInputException($"{which} conditions [N, D] and poses [N, k] must have one row per pair, got [{string.Join(",", conditions.shape)}] and [{string.Join(",", pose.shape)}]");
        PairedTensorDataset.RequireFinite(conditions, $"{which} conditions");
        PairedTensorDataset.RequireFinite(pose, $"{which} poses");
    }
}
