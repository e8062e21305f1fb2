using TorchSharp;
using CrossModal.Core.Models;
using static TorchSharp.torch;

namespace CrossModal.Core.Training;

/// <summary>
/// What a conditional GAN trains on: condition embeddings [N,E] from a frozen encoder, target samples
/// [N,C,H,W] in [-1,1], and the class / piece (and, for the pose models' sampler, the pitch) of each pair for the
/// wrong-pair sampler; for a pose model with a pose head on D or a pose teacher, each pair's true pose [N,P]. Owns its tensors.
/// </summary>
public sealed class GanTrainingData : IDisposable
{
    public GanTrainingData(Tensor conditions, Tensor targets, int[] labels, int[] pieceIds, int[]? pitches = null, Tensor? poses = null)
    {
        var n = labels.Length;
        if (n < 2) throw new InvalidInputException($"GAN training needs at least 2 pairs, got {n}");
        if (conditions.dim() != 2 || conditions.shape[0] != n)
            throw new InvalidInputException($"conditions must be [{n},E], got [{string.Join(",", conditions.shape)}]");
        if (targets.dim() != 4 || targets.shape[0] != n)
            throw new InvalidInputException($"targets must be [{n},C,H,W], got [{string.Join(",", targets.shape)}]");
        if (pieceIds.Length != n) throw new InvalidInputException($"{n} labels but {pieceIds.Length} piece ids");
        if (pitches is not null && pitches.Length != n) throw new InvalidInputException($"{n} labels but {pitches.Length} pitches");
        PairedTensorDataset.RequireFinite(conditions, "conditions");
        PairedTensorDataset.RequireFinite(targets, "targets");
        if (poses is not null)
        {
            if (poses.dim() != 2 || poses.shape[0] != n) throw new InvalidInputException($"poses must be [{n},P], got [{string.Join(",", poses.shape)}]");
            PairedTensorDataset.RequireFinite(poses, "poses");
        }
        Conditions = conditions; Targets = targets; Labels = labels; PieceIds = pieceIds; Pitches = pitches; Poses = poses;
    }

    public Tensor Conditions { get; }
    public Tensor Targets { get; }
    public int[] Labels { get; }
    public int[] PieceIds { get; }
    /// <summary>Each pair's MIDI pitch, when the wrong-pair rule needs it (<see cref="WrongPairRule.SamePieceOtherPitch"/>); else null.</summary>
    public int[]? Pitches { get; }
    /// <summary>Each pair's true pose [N,P], when D's pose head learns it or a pose teacher holds G to it (<see cref="GanTrainingOptions.PoseHeadWeight"/>, <see cref="GanTrainingOptions.PoseTeacherWeight"/>); else null.</summary>
    public Tensor? Poses { get; }
    public int Count => Labels.Length;

    /// <summary>
    /// S2I: condition = sound embedding (classifier for S2I-C/N/pose, autoencoder for S2I-A; the pose models' with pitch
    /// and onset features), target = image; with <paramref name="withPoses"/>, each pair's pose (the data must have it).
    /// </summary>
    public static GanTrainingData ForSoundToImage(PairedTensorDataset data, IEmbedder soundEncoder, int batchSize = 256, int[]? pitches = null,
        bool withPoses = false)
    {
        var poses = !withPoses ? null : data.Pose?.clone() ?? throw new InvalidInputException("poses were asked for (a pose head or a pose teacher needs each pair's pose, pose_0.. in pairs.csv), and this data has none");
        return new(EmbedAll(data.Sounds, soundEncoder, batchSize), data.Images.clone(), data.Labels.ToArray(), data.PieceIds.ToArray(), pitches, poses);
    }

    /// <summary>I2S: condition = image embedding, target = LMS resized to 128x34 and mapped to [-1,1].</summary>
    public static GanTrainingData ForImageToSound(PairedTensorDataset data, IEmbedder imageEncoder,
        LmsNormalisation normalisation, int batchSize = 256)
    {
        using var resized = LmsNormalisation.ResizeForI2S(data.Sounds);
        return new(EmbedAll(data.Images, imageEncoder, batchSize), normalisation.ToUnit(resized), data.Labels.ToArray(), data.PieceIds.ToArray());
    }

    /// <summary>
    /// Runs a frozen encoder over all rows in eval mode (batch-norm running statistics, no dropout) under inference
    /// mode; the result is cloned into a normal tensor so it can feed autograd as a constant.
    /// </summary>
    public static Tensor EmbedAll(Tensor inputs, IEmbedder encoder, int batchSize)
    {
        (encoder as nn.Module)?.eval();
        if (batchSize < 1) throw new InvalidInputException($"batch size must be positive, got {batchSize}");
        var parts = new List<Tensor>();
        try
        {
            using (inference_mode())
            {
                for (long start = 0; start < inputs.shape[0]; start += batchSize)
                {
                    using var scope = NewDisposeScope();
                    var len = Math.Min(batchSize, inputs.shape[0] - start);
                    parts.Add(encoder.Embed(inputs.narrow(0, start, len)).MoveToOuterDisposeScope());
                }
            }
            using var all = cat(parts, 0);
            return all.clone();
        }
        finally
        {
            foreach (var p in parts) p.Dispose();
        }
    }

    public void Dispose()
    {
        Conditions.Dispose(); Targets.Dispose(); Poses?.Dispose();
    }
}
