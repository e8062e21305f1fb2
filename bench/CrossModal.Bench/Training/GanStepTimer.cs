using System.Diagnostics;
using CrossModal.Core.Models;
using CrossModal.Core.Training;
using static TorchSharp.torch;

namespace CrossModal.Bench.Training;

/// <summary>
/// Times S2I GAN-CLS training steps through the product's own trainer (<see cref="GanTrainer"/>, S2I-C: wrong pairs
/// from other instruments) on random conditions and images: one step = the wall time between two of its progress
/// reports. The networks persist across calls (so later rounds are warm); each call is a fresh one-epoch run.
/// </summary>
public sealed class GanStepTimer : IDisposable
{
    readonly S2IGenerator generator;
    readonly S2IDiscriminator discriminator;
    readonly GanTrainingData data;
    readonly int batch, stepsPerCall;

    public GanConfig Config { get; }

    /// <summary>Run the step as first written (D's weight gradients also computed in G's update): the "before" of part 2.</summary>
    public bool Unoptimised { get; init; }

    public GanStepTimer(GanConfig config, int batch, int stepsPerCall)
    {
        Config = config;
        this.batch = batch;
        this.stepsPerCall = stepsPerCall;
        manual_seed(1);
        generator = new S2IGenerator(config);
        discriminator = new S2IDiscriminator(config);
        const int classes = 13;
        var n = batch * stepsPerCall;
        var labels = Enumerable.Range(0, n).Select(i => i % classes).ToArray();
        var pieces = Enumerable.Range(0, n).Select(i => i % (classes * 4)).ToArray();
        data = new GanTrainingData(randn(n, config.EmbeddingSize), rand(n, 3, 64, 64) * 2 - 1, labels, pieces);
    }

    /// <summary>Seconds of each step of one epoch of <c>stepsPerCall</c> steps, the first <paramref name="skip"/> left out.</summary>
    public IReadOnlyList<double> Run(int skip)
    {
        var times = new List<double>();
        var clock = Stopwatch.StartNew();
        var trainer = new GanTrainer(generator, discriminator, new GanTrainingOptions
        {
            Epochs = 1, BatchSize = batch, Seed = 1, ComputeDiscardedDiscriminatorGradients = Unoptimised,
        });
        trainer.Train(data, new InlineProgress(p =>
        {
            if (p.EpochCompleted) return;
            if (p.Step > skip) times.Add(clock.Elapsed.TotalSeconds);
            clock.Restart();
        }));
        return times;
    }

    public void Dispose()
    {
        data.Dispose();
        generator.Dispose();
        discriminator.Dispose();
    }

    sealed class InlineProgress(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
