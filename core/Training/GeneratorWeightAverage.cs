using CrossModal.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>
/// An exponential moving average of a generator's weights (Yazıcı et al. 2019; Karras et al. 2018), the model issue 17
/// asks to ship instead of a judge-picked epoch: G's weights keep oscillating around the equilibrium of the game, and
/// their average is a smoother, better generator than any single iterate — without choosing an epoch by looking at
/// validation scores. The average lives in <see cref="Average"/>, a second generator of the same architecture that the
/// caller constructs (TorchSharp cannot clone a module), so it can be checkpointed, evaluated and stored like any
/// network. After each G step, <see cref="Update"/>: average ← decay · average + (1 − decay) · weights, without
/// gradients; the source is only read. Buffers (batch norm's running statistics) are not averaged but copied, since
/// they describe the current generator's activations; they do not fit the averaged weights either, so before the
/// average is evaluated or shipped call <see cref="RecalibrateBatchNorm"/>, which re-estimates them on the average's
/// own activations with <see cref="BatchNormRecalibration"/>.
/// </summary>
public sealed class GeneratorWeightAverage
{
    private readonly ConditionalGenerator source;

    /// <param name="source">The generator being trained.</param>
    /// <param name="average">A generator of the same architecture; it receives a copy of the source's weights and buffers now.</param>
    public GeneratorWeightAverage(ConditionalGenerator source, ConditionalGenerator average)
    {
        if (ReferenceEquals(source, average)) throw new InvalidInputException("the weight average needs its own generator, not the one being trained");
        CheckSameTensors(source.named_parameters().Select(p => (p.name, p.parameter.shape)), average.named_parameters().Select(p => (p.name, p.parameter.shape)), "parameters");
        CheckSameTensors(source.named_buffers().Select(b => (b.name, b.buffer.shape)), average.named_buffers().Select(b => (b.name, b.buffer.shape)), "buffers");
        this.source = source;
        Average = average;
        Update(0);
    }

    /// <summary>The averaged generator (its buffers as of the last update or recalibration).</summary>
    public ConditionalGenerator Average { get; }

    /// <summary>
    /// average ← decay · average + (1 − decay) · source for every parameter, and the source's buffers copied.
    /// decay 0 makes the average a copy of the source; decay 1 leaves its weights as they are. Typical: 0.999.
    /// </summary>
    public void Update(double decay)
    {
        if (!(decay is >= 0 and <= 1)) throw new InvalidInputException($"the weight average's decay must be in [0, 1], got {decay}");
        using var _ = no_grad();
        foreach (var (averaged, current) in Average.parameters().Zip(source.parameters()))
            averaged.mul_(decay).add_(current, alpha: 1 - decay);
        CopyBuffers(source, Average);
    }

    /// <summary>Writes the average's weights and buffers into <paramref name="target"/> (same architecture), e.g. to serve it.</summary>
    public void CopyTo(ConditionalGenerator target)
    {
        CheckSameTensors(Average.named_parameters().Select(p => (p.name, p.parameter.shape)), target.named_parameters().Select(p => (p.name, p.parameter.shape)), "parameters");
        using var _ = no_grad();
        foreach (var (to, from) in target.parameters().Zip(Average.parameters())) to.copy_(from);
        CopyBuffers(Average, target);
    }

    /// <summary>
    /// Replaces the average's batch-norm statistics with ones measured on its own activations: <paramref name="batches"/>
    /// training-mode passes of <paramref name="batchSize"/> training conditions and fresh noise (see
    /// <see cref="BatchNormRecalibration"/>). Call it after the last <see cref="Update"/>, before evaluating or storing
    /// <see cref="Average"/>; weights do not change.
    /// </summary>
    public void RecalibrateBatchNorm(Tensor conditions, int batches, int batchSize, long seed) =>
        BatchNormRecalibration.Run(Average, conditions, batches, batchSize, seed);

    private static void CopyBuffers(nn.Module from, nn.Module to)
    {
        using var _ = no_grad();
        foreach (var (target, value) in to.buffers().Zip(from.buffers())) target.copy_(value);
    }

    private static void CheckSameTensors(IEnumerable<(string Name, long[] Shape)> expected, IEnumerable<(string Name, long[] Shape)> actual, string what)
    {
        var a = expected.ToList();
        var b = actual.ToList();
        if (a.Count != b.Count || a.Zip(b).Any(p => p.First.Name != p.Second.Name || !p.First.Shape.SequenceEqual(p.Second.Shape)))
            throw new InvalidInputException($"the weight average needs generators of the same architecture: their {what} differ");
    }
}
