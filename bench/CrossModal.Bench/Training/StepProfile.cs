using System.Diagnostics;
using CrossModal.Core.Models;
using CrossModal.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Bench.Training;

/// <summary>
/// Where a GAN-CLS step's time goes: the trainer's step (same networks, losses and order as <see cref="GanTrainer"/>)
/// replayed with a stopwatch around each stage. libtorch runs synchronously on the CPU, so stage times add up to
/// the step.
/// </summary>
public static class StepProfile
{
    public static readonly string[] Stages =
        ["G forward", "D forward ×3 (real, fake, wrong)", "D backward", "D Adam step", "D forward (G's loss)", "backward into G (through D)", "G Adam step"];

    /// <summary>Median milliseconds per stage over <paramref name="steps"/> steps (after one warm-up step).</summary>
    public static double[] Measure(GanConfig config, int batch, int steps, bool freezeDiscriminator)
    {
        manual_seed(3);
        using var g = new S2IGenerator(config);
        using var d = new S2IDiscriminator(config);
        using var optG = optim.Adam(g.parameters(), 2e-4, 0.5, 0.999);
        using var optD = optim.Adam(d.parameters(), 2e-4, 0.5, 0.999);
        using var conditions = randn(batch, config.EmbeddingSize);
        using var real = rand(batch, 3, 64, 64) * 2 - 1;
        using var wrong = real.roll(1, 0);
        var times = Stages.Select(_ => new List<double>()).ToArray();
        for (var step = 0; step <= steps; step++)
        {
            using var scope = NewDisposeScope();
            var t = new double[Stages.Length];
            var clock = Stopwatch.StartNew();
            void Lap(int stage) { t[stage] += clock.Elapsed.TotalMilliseconds; clock.Restart(); }

            var fake = g.call(conditions, randn(batch, config.NoiseSize)); Lap(0);
            optD.zero_grad();
            var lossD = GanLosses.Discriminator(d.call(real, conditions), d.call(fake.detach(), conditions), d.call(wrong, conditions));
            lossD.item<float>(); Lap(1);
            lossD.backward(); Lap(2);
            optD.step(); Lap(3);
            optG.zero_grad();
            using (freezeDiscriminator ? FrozenParameters.Of(d) : null)
            {
                var lossG = GanLosses.Generator(d.call(fake, conditions));
                lossG.item<float>(); Lap(4);
                lossG.backward(); Lap(5);
            }
            optG.step(); Lap(6);
            if (step > 0)
                for (var i = 0; i < t.Length; i++) times[i].Add(t[i]);
        }
        return times.Select(Harness.Stats.Median).ToArray();
    }
}
