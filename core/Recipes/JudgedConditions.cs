using CrossModal.Core.Models;
using CrossModal.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Recipes;

/// <summary>
/// What a GAN step judges after each epoch: the conditions of a seeded per-class subset of its training pairs and of the
/// validation pairs (embedded by the step's encoder), with their instruments.
/// </summary>
internal sealed record JudgedConditions(Tensor Train, int[] TrainLabels, Tensor Valid, int[] ValidLabels) : IDisposable
{
    public static JudgedConditions Of<TEncoder>(RecipeRun run, GanTrainingData data, Tensor validInputs, int[] validLabels, TEncoder encoder,
        int perClass) where TEncoder : nn.Module, IEmbedder
    {
        var judgeTrain = GeneratorJudge.PerClassSubset(data.Labels, perClass, run.Seed);
        var judgeValid = GeneratorJudge.PerClassSubset(validLabels, perClass, run.Seed);
        var trainCond = TensorRows.Of(data.Conditions, judgeTrain);
        using var validSubset = TensorRows.Of(validInputs, judgeValid);
        var validCond = GanTrainingData.EmbedAll(validSubset, encoder, 256);
        return new JudgedConditions(trainCond, judgeTrain.Select(i => data.Labels[i]).ToArray(), validCond, judgeValid.Select(i => validLabels[i]).ToArray());
    }

    public void Dispose()
    {
        Train.Dispose();
        Valid.Dispose();
    }
}
