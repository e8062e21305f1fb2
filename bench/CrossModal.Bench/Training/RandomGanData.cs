using CrossModal.Core.Models;
using CrossModal.Core.Training;
using static TorchSharp.torch;

namespace CrossModal.Bench.Training;

/// <summary>
/// Random S2I training pairs for the harnesses whose figures must not depend on data: conditions from a normal
/// distribution, images uniform in [-1, 1], 13 instruments over 52 pieces in turn (so wrong pairs exist). Drawn from
/// torch's global generator: seed it first.
/// </summary>
public static class RandomGanData
{
    public const int Instruments = 13;

    public static GanTrainingData Create(GanConfig config, int pairs) =>
        new(randn(pairs, config.EmbeddingSize), rand(pairs, 3, 64, 64) * 2 - 1,
            Enumerable.Range(0, pairs).Select(i => i % Instruments).ToArray(),
            Enumerable.Range(0, pairs).Select(i => i % (Instruments * 4)).ToArray());
}
