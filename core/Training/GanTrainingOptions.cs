using CrossModal.Core.Imaging;

namespace CrossModal.Core.Training;

/// <summary>The adversarial objective: GAN-CLS's cross-entropy (<see cref="GanLosses"/>) or the hinge loss (<see cref="HingeLosses"/>).</summary>
public enum AdversarialLoss { GanCls, Hinge }

/// <summary>
/// GAN training settings (defaults from Reed et al. 2016: Adam 2e-4, beta1 0.5, batch 64, GAN-CLS's loss). The
/// switches of issue 17's stronger S2I generator — <see cref="Loss"/>, <see cref="Beta2"/>, <see cref="ModeSeekingWeight"/>,
/// <see cref="DiffAugment"/>, <see cref="EmaDecay"/>, <see cref="DiscriminatorSteps"/> — default to the trainer as it was
/// before them, and with all of them at their defaults a run is bit-identical to that trainer's.
/// </summary>
public sealed record GanTrainingOptions
{
    public int Epochs { get; init; } = 50;
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 2e-4;
    public double Beta1 { get; init; } = 0.5;
    /// <summary>Adam's second-moment decay for both players (SNGAN's reference: 0.9 with beta1 0 and the hinge loss).</summary>
    public double Beta2 { get; init; } = 0.999;
    public long Seed { get; init; } = 1;
    public WrongPairRule WrongPairs { get; init; } = WrongPairRule.OtherInstrument;
    /// <summary>Run folder for checkpoints; null trains without checkpoints (and without resume).</summary>
    public string? CheckpointDirectory { get; init; }
    public int CheckpointEvery { get; init; } = 1;
    /// <summary>Epochs (1-based) after which a preview grid is generated and reported.</summary>
    public IReadOnlySet<int> PreviewEpochs { get; init; } = new HashSet<int>();
    public int PreviewCount { get; init; } = 8;
    /// <summary>
    /// Weight of the auxiliary class loss (AC-GAN) added to both players' losses; 0 trains the paper's GAN-CLS.
    /// Needs a discriminator with a class head.
    /// </summary>
    public double AuxiliaryClassWeight { get; init; }
    /// <summary>
    /// Weight of the auxiliary pose loss added to both players' losses; 0 is off. D's pose head learns the pose of real
    /// images (mean squared error against each pair's pose, <see cref="GanTrainingData.Poses"/>), and G is pushed to draw
    /// images in which that head reads the pose of its condition's pair. Needs a discriminator with a pose head.
    /// </summary>
    public double PoseHeadWeight { get; init; }
    /// <summary>
    /// Weight of the pose teacher's term in G's loss (<see cref="GanTrainer.PoseTeacher"/>, <see cref="PoseTeacher"/>): the
    /// squared error between a frozen pose reader's reading of G's samples and their conditions' poses; 0 is off.
    /// </summary>
    public double PoseTeacherWeight { get; init; }
    /// <summary>
    /// The teacher reads each of G's samples shifted by a random whole number of pixels (<see cref="PoseTeacher.ShiftsForG"/>,
    /// one draw per sample and step from the run's own stream), not as drawn: a pattern that moves the teacher's reading
    /// only at one alignment fails under the next step's shift, a drawn hand or string does not (expectation over
    /// transformations, the standard defence against adversarial inputs). 2026-12-07: a regressor-kind teacher read the
    /// note's hand in G's cello images at 0.80 where the regressor read -0.39 — G had fooled it.
    /// </summary>
    public bool PoseTeacherShifts { get; init; }
    /// <summary>
    /// Batches (of <see cref="BatchSize"/>) over which G's batch-norm statistics are re-estimated at the end of each
    /// epoch, before judging and checkpointing (<see cref="BatchNormRecalibration"/>); 0 keeps the running averages.
    /// </summary>
    public int BatchNormRecalibrationBatches { get; init; }

    public AdversarialLoss Loss { get; init; } = AdversarialLoss.GanCls;
    /// <summary>
    /// Weight of the mode-seeking term (<see cref="ModeSeekingLoss"/>, MSGAN) in G's loss; 0 is off. On, each step draws
    /// two noise vectors per condition and G makes both samples in one pass; D's fake term and G's adversarial term
    /// then score all 2N samples (a mean, so the loss keeps its scale), as the reference trains on both halves.
    /// </summary>
    public double ModeSeekingWeight { get; init; }
    /// <summary>
    /// DiffAugment (<see cref="DiffAugmentPolicy"/>) on every image D sees, real, fake and wrong, in D's and G's updates;
    /// null is off. One transform is drawn per step from the run's own stream (seed, epoch), before the guarded updates,
    /// so a retried update reuses it and switching DiffAugment off leaves every other draw of the run as it was.
    /// </summary>
    public DiffAugmentPolicy? DiffAugment { get; init; }
    /// <summary>
    /// Decay of an exponential moving average of G's weights (<see cref="GeneratorWeightAverage"/>), updated after each
    /// G update with a warm-up (the t-th update decays by min(decay, (1 + t) / (10 + t))); 0 is off. On, the average (with its batch-norm statistics re-estimated over
    /// <see cref="BatchNormRecalibrationBatches"/> batches after each epoch, which must then be positive) is what the
    /// evaluator judges, the preview shows and the caller ships; it is checkpointed with the networks.
    /// </summary>
    public double EmaDecay { get; init; }
    /// <summary>
    /// D updates per G update (SNGAN's n_dis): every batch updates D, every k-th batch of an epoch and its last one also G.
    /// 1 is GAN-CLS's alternation.
    /// </summary>
    public int DiscriminatorSteps { get; init; } = 1;

    /// <summary>
    /// The step as first written: D's weight gradients are also computed during G's backward pass, then discarded by
    /// the next D update's zero_grad. Off (default) freezes D for G's update instead — the same G gradients, about 7 %
    /// fewer FLOPs per step (docs/PERFORMANCE.md). Kept only so the benchmark and the equality test can run both.
    /// </summary>
    internal bool ComputeDiscardedDiscriminatorGradients { get; init; }

    public void Validate()
    {
        if (Epochs < 1) throw new InvalidInputException($"epochs must be positive, got {Epochs}");
        if (BatchSize < 2) throw new InvalidInputException($"batch size must be at least 2 (batch norm), got {BatchSize}");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new InvalidInputException($"learning rate must be positive, got {LearningRate}");
        if (Beta1 is < 0 or >= 1) throw new InvalidInputException($"beta1 must be in [0, 1), got {Beta1}");
        if (Beta2 is < 0 or >= 1) throw new InvalidInputException($"beta2 must be in [0, 1), got {Beta2}");
        if (!(ModeSeekingWeight is >= 0 and <= 1000)) throw new InvalidInputException($"mode-seeking weight must be 0..1000, got {ModeSeekingWeight}");
        DiffAugment?.Validate();
        if (!(EmaDecay is >= 0 and < 1)) throw new InvalidInputException($"EMA decay must be in [0, 1), got {EmaDecay}");
        if (EmaDecay > 0 && BatchNormRecalibrationBatches == 0)
            throw new InvalidInputException("an EMA generator needs batch-norm recalibration (its running statistics belong to other weights): set the recalibration batches");
        if (DiscriminatorSteps is < 1 or > 10) throw new InvalidInputException($"discriminator steps per generator step must be 1..10, got {DiscriminatorSteps}");
        if (CheckpointEvery < 1) throw new InvalidInputException($"checkpoint interval must be positive, got {CheckpointEvery}");
        if (!(AuxiliaryClassWeight >= 0) || double.IsInfinity(AuxiliaryClassWeight))
            throw new InvalidInputException($"auxiliary class weight must be >= 0, got {AuxiliaryClassWeight}");
        if (!(PoseHeadWeight is >= 0 and <= 1000)) throw new InvalidInputException($"pose head weight must be 0..1000, got {PoseHeadWeight}");
        if (!(PoseTeacherWeight is >= 0 and <= 1000)) throw new InvalidInputException($"pose teacher weight must be 0..1000, got {PoseTeacherWeight}");
        if (PoseTeacherShifts && PoseTeacherWeight == 0) throw new InvalidInputException("pose teacher shifts need a pose teacher (a pose teacher weight above 0)");
        if (BatchNormRecalibrationBatches is < 0 or > 10_000)
            throw new InvalidInputException($"batch-norm recalibration batches must be 0..10000, got {BatchNormRecalibrationBatches}");
        if (PreviewCount < 1) throw new InvalidInputException($"preview count must be positive, got {PreviewCount}");
    }
}

/// <summary>How a run ended: epochs done in total, the epoch it resumed after (0 = fresh), the last epoch's mean losses.</summary>
public sealed record TrainingResult(int EpochsCompleted, int ResumedAfterEpoch, IReadOnlyDictionary<string, double> LastEpochLosses);
