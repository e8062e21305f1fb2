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
    readonly ConditionalGenerator generator;
    readonly ConditionalDiscriminator discriminator;
    readonly GanTrainingData data;
    readonly int batch, stepsPerCall;

    public GanConfig Config { get; }

    /// <summary>Run the step as first written (D's weight gradients also computed in G's update): the "before" of part 2.</summary>
    public bool Unoptimised { get; init; }

    /// <summary>The auxiliary class loss's weight (0: none; the discriminator then needs no class head).</summary>
    public double AuxiliaryClassWeight { get; init; }

    /// <summary>
    /// S2I-C's networks by default; <paramref name="makeGenerator"/> and <paramref name="makeDiscriminator"/> build
    /// others (the ablation's) from the config, right after torch is seeded.
    /// </summary>
    public GanStepTimer(GanConfig config, int batch, int stepsPerCall,
        Func<GanConfig, ConditionalGenerator>? makeGenerator = null, Func<GanConfig, ConditionalDiscriminator>? makeDiscriminator = null)
    {
        Config = config;
        this.batch = batch;
        this.stepsPerCall = stepsPerCall;
        manual_seed(1);
        generator = makeGenerator?.Invoke(config) ?? new S2IGenerator(config);
        discriminator = makeDiscriminator?.Invoke(config) ?? new S2IDiscriminator(config);
        data = RandomGanData.Create(config, batch * stepsPerCall);
    }

    /// <summary>Seconds of each step of one epoch of <c>stepsPerCall</c> steps, the first <paramref name="skip"/> left out.</summary>
    public IReadOnlyList<double> Run(int skip)
    {
        var times = new List<double>();
        var clock = Stopwatch.StartNew();
        var trainer = new GanTrainer(generator, discriminator, new GanTrainingOptions
        {
            Epochs = 1, BatchSize = batch, Seed = 1, ComputeDiscardedDiscriminatorGradients = Unoptimised,
            AuxiliaryClassWeight = AuxiliaryClassWeight,
        });
        trainer.Train(data, new InlineProgress<TrainingProgress>(p =>
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
}
