using System.Text.Json;
using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>Encoder (classifier) training settings.</summary>
public sealed record ClassifierTrainingOptions
{
    public int Epochs { get; init; } = 20;
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 1e-3;
    public long Seed { get; init; } = 1;
    public string? CheckpointDirectory { get; init; }
    /// <summary>
    /// Cosine learning-rate decay by epoch: epoch e of E trains at LearningRate x (1 + cos(pi (e - 1) / E)) / 2, from
    /// the full rate down to about a tenth at E = 5. At a constant rate the image classifier's validation accuracy
    /// swung between 97.6 and 98.2 % in its last three epochs; the smaller final steps settle it.
    /// </summary>
    public bool CosineDecay { get; init; }

    /// <summary>The learning rate of <paramref name="epoch"/> (1-based).</summary>
    public double LearningRateAt(int epoch) =>
        CosineDecay ? LearningRate * (1 + Math.Cos(Math.PI * (epoch - 1) / Epochs)) / 2 : LearningRate;

    public void Validate()
    {
        if (Epochs < 1) throw new InvalidInputException($"epochs must be positive, got {Epochs}");
        if (BatchSize < 2) throw new InvalidInputException($"batch size must be at least 2 (batch norm), got {BatchSize}");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new InvalidInputException($"learning rate must be positive, got {LearningRate}");
    }
}

/// <summary>
/// Trains a sound or image classifier with cross-entropy plus the model's explicit FC L2 penalty (Adam), with
/// seeded shuffling, per-epoch checkpoints and resume, like <see cref="GanTrainer"/>.
/// </summary>
public sealed class ClassifierTrainer<TModel>(TModel model, ClassifierTrainingOptions options)
    where TModel : nn.Module<Tensor, Tensor>, IEmbeddingClassifier
{
    /// <summary>Reported at the end of each epoch when given: e.g. validation accuracy.</summary>
    public Func<TModel, int, double>? Evaluator { get; init; }

    public TrainingResult Train(Tensor inputs, int[] labels, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        options.Validate();
        if (inputs.shape[0] != labels.Length) throw new InvalidInputException($"{inputs.shape[0]} inputs but {labels.Length} labels");
        if (labels.Any(l => l < 0 || l >= model.Classes)) throw new InvalidInputException($"labels must be class indices 0..{model.Classes - 1}");
        PairedTensorDataset.RequireFinite(inputs, "classifier inputs");
        using var opt = optim.Adam(model.parameters(), options.LearningRate);
        var modules = new Dictionary<string, nn.Module> { ["model"] = model };
        var optimizers = new Dictionary<string, OptimizerHelper> { ["model"] = opt };
        var store = options.CheckpointDirectory is null ? null : new CheckpointStore(options.CheckpointDirectory);
        var fingerprint = JsonSerializer.Serialize(new
        {
            model = model.GetType().Name, shapes = model.parameters().Select(p => p.shape).ToArray(),
            n = labels.Length, options.BatchSize, options.LearningRate, options.Seed, options.CosineDecay, options.Epochs,
        });
        var startEpoch = 1;
        if (store?.Latest() is { } latest)
        {
            if (latest.Fingerprint != fingerprint)
                throw new InvalidInputException($"checkpoints in {store.Directory} belong to a different run; use another folder or delete them");
            store.Load(latest, modules, optimizers);
            startEpoch = latest.Epoch + 1;
        }
        using var allLabels = tensor(labels.Select(l => (long)l).ToArray(), device: inputs.device);
        model.train();
        using var kernels = FastKernels.ForTraining("classifier", [model], () => KernelSelfCheckLoss(inputs));
        IReadOnlyDictionary<string, double> last = new Dictionary<string, double>();
        for (var epoch = startEpoch; epoch <= options.Epochs; epoch++)
        {
            model.train();
            // Set from the epoch alone, so a resumed run trains each epoch at the same rate as an uninterrupted one.
            foreach (var group in opt.ParamGroups) group.LearningRate = options.LearningRateAt(epoch);
            Seeding.SeedTorch(options.Seed, "classifier-dropout", epoch);
            var batches = EpochPlan.Batches(labels.Length, options.BatchSize, options.Seed, epoch);
            double sum = 0;
            for (var step = 1; step <= batches.Count; step++)
            {
                cancel.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var idx = tensor(batches[step - 1].Select(i => (long)i).ToArray(), device: inputs.device);
                var v = GuardedUpdate.Run("classifier", epoch, step, opt, model, [model], _ =>
                    nn.functional.cross_entropy(model.call(inputs.index_select(0, idx)), allLabels.index_select(0, idx)) + model.RegularisationPenalty());
                sum += v;
                progress?.Report(new TrainingProgress("classifier", epoch, options.Epochs, step, batches.Count,
                    new Dictionary<string, double> { ["loss"] = v }));
            }
            last = new Dictionary<string, double> { ["loss"] = sum / batches.Count };
            double? accuracy;
            using (FastKernels.Reference()) accuracy = Evaluator?.Invoke(model, epoch);
            store?.Save(epoch, fingerprint, modules, optimizers);
            progress?.Report(new TrainingProgress("classifier", epoch, options.Epochs, batches.Count, batches.Count, last,
                EpochCompleted: true, Accuracy: accuracy));
        }
        model.eval();
        return new TrainingResult(Math.Max(options.Epochs, startEpoch - 1), startEpoch - 1, last);
    }

    /// <summary>The model's logits for the first batch projected on fixed random weights: every layer, forward and backward.</summary>
    private Tensor KernelSelfCheckLoss(Tensor inputs)
    {
        using var draws = new TorchSharp.torch.Generator((ulong)Seeding.Derive(options.Seed, "kernel-self-check"));
        var logits = model.call(inputs.narrow(0, 0, Math.Min(options.BatchSize, inputs.shape[0])));
        return (logits * randn(logits.shape, generator: draws).to(logits.device)).sum();
    }
}
