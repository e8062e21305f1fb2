using CrossModal.Core.Models;

namespace CrossModal.Bench.Training;

/// <summary>
/// Floating-point operations of one S2I GAN-CLS training step, counted analytically from the layer shapes of
/// <see cref="S2IGenerator"/> and <see cref="S2IDiscriminator"/> (docs/MODELS.md), multiply–add = 2 FLOPs.
/// Only convolutions, transposed convolutions and fully connected layers are counted: batch norm, activations,
/// losses and Adam are memory-bound and below 1 % of the total at these widths.
/// Backward of a layer = 2x its forward (gradient of the input + gradient of the weights); the step is
/// G forward (1), three D forwards (real, detached fake, wrong) and their backward (3 + 6), one D forward on the fake
/// for G's loss and its backward into G (1 + 2), G backward (2): 3 F_G + 12 F_D.
/// </summary>
public static class GanStepFlops
{
    public static double GeneratorForward(GanConfig c, int batch)
    {
        long f = c.GeneratorFilters;
        double macs = c.EmbeddingSize * c.ConditionSize                        // condition FC
            + Deconv(c.NoiseSize + c.ConditionSize, f * 8, 1, 4)              // 1x1 → 4x4
            + Deconv(f * 8, f * 4, 4, 4) + Deconv(f * 4, f * 2, 8, 4)        // → 8x8 → 16x16
            + Deconv(f * 2, f, 16, 4) + Deconv(f, 3, 32, 4);                 // → 32x32 → 64x64
        return 2 * macs * batch;
    }

    public static double DiscriminatorForward(GanConfig c, int batch)
    {
        long f = c.DiscriminatorFilters;
        double macs = Conv(3, f, 32, 4) + Conv(f, f * 2, 16, 4) + Conv(f * 2, f * 4, 8, 4) + Conv(f * 4, f * 8, 4, 4)
            + c.EmbeddingSize * c.ConditionSize                               // condition FC
            + Conv(f * 8 + c.ConditionSize, f * 8, 4, 1)                      // 1x1 mix at 4x4
            + Conv(f * 8, 1, 1, 4);                                           // 4x4 → logit
        return 2 * macs * batch;
    }

    public static double Step(GanConfig c, int batch) => 3 * GeneratorForward(c, batch) + 12 * DiscriminatorForward(c, batch);

    /// <summary>Conv producing an out x out map: each output value is cin·k² multiply–adds.</summary>
    static double Conv(long cin, long cout, long outSize, long k) => (double)cout * outSize * outSize * cin * k * k;

    /// <summary>Transposed conv from an in x in map: each input value scatters into cout·k² outputs.</summary>
    static double Deconv(long cin, long cout, long inSize, long k) => (double)cin * inSize * inSize * cout * k * k;
}
