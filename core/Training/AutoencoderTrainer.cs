using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>Greedy layer-wise autoencoder training settings: <see cref="EpochsPerStack"/> epochs for each of the 4 stacks.</summary>
public sealed record AutoencoderTrainingOptions
{
    public int EpochsPerStack { get; init; } = 5;
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 1e-3;
    public long Seed { get; init; } = 1;

    public void Validate()
    {
        if (EpochsPerStack < 1) throw new InvalidInputException($"epochs per stack must be positive, got {EpochsPerStack}");
        if (BatchSize < 2) throw new InvalidInputException($"batch size must be at least 2, got {BatchSize}");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new InvalidInputException($"learning rate must be positive, got {LearningRate}");
    }
}

/// <summary>
/// Greedy layer-wise training of <see cref="StackedAutoencoder"/> (paper §3.1): stacks 1..4 are trained in order,
/// each to minimise the MSE of reconstructing its own input, which is the (frozen) code of the stacks below.
/// Returns the final reconstruction MSE of each stack.
/// </summary>
public sealed class AutoencoderTrainer(StackedAutoencoder model, AutoencoderTrainingOptions options)
{
    public double[] Train(Tensor inputs, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        options.Validate();
        PairedTensorDataset.RequireFinite(inputs, "autoencoder inputs");
        var n = (int)inputs.shape[0];
        var finalLoss = new double[StackedAutoencoder.Stacks];
        model.train();
        for (var k = 0; k < StackedAutoencoder.Stacks; k++)
        {
            // Frozen input of this stack, computed once.
            using var stackInput = StackInput(inputs, k);
            using var opt = optim.Adam(model.StackParameters(k), options.LearningRate);
            for (var epoch = 1; epoch <= options.EpochsPerStack; epoch++)
            {
                Seeding.SeedTorch(options.Seed, $"autoencoder-{k}", epoch);
                var batches = EpochPlan.Batches(n, options.BatchSize, options.Seed + k, epoch);
                double sum = 0;
                for (var step = 1; step <= batches.Count; step++)
                {
                    cancel.ThrowIfCancellationRequested();
                    using var scope = NewDisposeScope();
                    var h = stackInput.index_select(0, tensor(batches[step - 1].Select(i => (long)i).ToArray(), device: stackInput.device));
                    var v = GuardedUpdate.Run($"autoencoder stack {k + 1}", epoch, step, opt, model, [model], _ =>
                        nn.functional.mse_loss(model.DecodeStack(k, model.EncodeStack(k, h)), h));
                    sum += v;
                    progress?.Report(new TrainingProgress($"stack {k + 1}", epoch, options.EpochsPerStack, step, batches.Count,
                        new Dictionary<string, double> { ["mse"] = v }));
                }
                finalLoss[k] = sum / batches.Count;
                progress?.Report(new TrainingProgress($"stack {k + 1}", epoch, options.EpochsPerStack, batches.Count, batches.Count,
                    new Dictionary<string, double> { ["mse"] = finalLoss[k] }, EpochCompleted: true));
            }
        }
        model.eval();
        return finalLoss;
    }

    private Tensor StackInput(Tensor inputs, int k)
    {
        using (no_grad())
        {
            return model.EncodeThrough(k, inputs).detach().clone();
        }
    }
}
