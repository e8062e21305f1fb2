namespace CrossModal.Core.Training;

/// <summary>GAN-CLS training settings (defaults from Reed et al. 2016: Adam 2e-4, beta1 0.5, batch 64).</summary>
public sealed record GanTrainingOptions
{
    public int Epochs { get; init; } = 50;
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 2e-4;
    public double Beta1 { get; init; } = 0.5;
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
    /// Batches (of <see cref="BatchSize"/>) over which G's batch-norm statistics are re-estimated at the end of each
    /// epoch, before judging and checkpointing (<see cref="BatchNormRecalibration"/>); 0 keeps the running averages.
    /// </summary>
    public int BatchNormRecalibrationBatches { get; init; }

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
        if (CheckpointEvery < 1) throw new InvalidInputException($"checkpoint interval must be positive, got {CheckpointEvery}");
        if (!(AuxiliaryClassWeight >= 0) || double.IsInfinity(AuxiliaryClassWeight))
            throw new InvalidInputException($"auxiliary class weight must be >= 0, got {AuxiliaryClassWeight}");
        if (BatchNormRecalibrationBatches is < 0 or > 10_000)
            throw new InvalidInputException($"batch-norm recalibration batches must be 0..10000, got {BatchNormRecalibrationBatches}");
        if (PreviewCount < 1) throw new InvalidInputException($"preview count must be positive, got {PreviewCount}");
    }
}

/// <summary>How a run ended: epochs done in total, the epoch it resumed after (0 = fresh), the last epoch's mean losses.</summary>
public sealed record TrainingResult(int EpochsCompleted, int ResumedAfterEpoch, IReadOnlyDictionary<string, double> LastEpochLosses);
