using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>
/// Re-estimates a generator's batch-norm running statistics for the generator as it is now. During GAN training the
/// running averages (momentum 0.1) trail a generator that keeps moving, so eval-mode samples — the ones the product
/// serves and the judge scores — are normalised with statistics of earlier generators. Here the statistics are reset
/// and rebuilt as the plain average over <c>batches</c> training-mode passes (momentum 1/k for pass k) on training
/// conditions and fresh noise, without gradients. Only the buffers change; the weights do not.
/// </summary>
public static class BatchNormRecalibration
{
    public static void Run(ConditionalGenerator generator, Tensor conditions, int batches, int batchSize, long seed)
    {
        if (batches < 1 || batchSize < 2) throw new InvalidInputException($"batch-norm recalibration needs batches >= 1 and batch size >= 2, got {batches} x {batchSize}");
        var norms = generator.modules().OfType<BatchNorm2d>().ToList();
        if (norms.Count == 0) return;
        var momenta = norms.Select(n => n.momentum).ToList();
        var wasTraining = generator.training;
        var rows = conditions.shape[0];
        var random = Seeding.Stream(seed, "batch-norm-recalibration");
        using var noise = new Generator((ulong)Seeding.Derive(seed, "batch-norm-recalibration-noise"));
        try
        {
            foreach (var n in norms) n.reset_running_stats();
            generator.train();
            using var _ = no_grad();
            for (var k = 1; k <= batches; k++)
            {
                using var scope = NewDisposeScope();
                foreach (var n in norms) n.momentum = 1.0 / k;
                var pick = tensor(Enumerable.Range(0, batchSize).Select(_ => random.NextInt64(rows)).ToArray(), device: conditions.device);
                var z = randn([batchSize, generator.NoiseSize], generator: noise).to(conditions.device);
                generator.call(conditions.index_select(0, pick), z);
            }
        }
        finally
        {
            for (var i = 0; i < norms.Count; i++) norms[i].momentum = momenta[i];
            generator.train(wasTraining);
        }
    }
}
