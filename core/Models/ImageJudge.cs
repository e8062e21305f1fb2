using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CrossModal.Core.Models;

/// <summary>
/// The second, independent image judge (issue 17): a residual CNN with global average pooling, trained with greyscale
/// and hue-rotation augmentation (<see cref="Imaging.ColourJitter"/>) so that the colour palette that tells the
/// instruments apart is no shortcut, and never used to train, select or stop a generator. It differs from
/// <see cref="ImageClassifier"/> in architecture (residual blocks, no FC stack), in training data treatment and in its
/// weights, so a generator tuned against the first judge has not been tuned against this one.
/// Input: [N, 3, 64, 64] in [-1, 1], as the image classifier. The embedding is the pooled feature vector.
/// </summary>
public sealed class ImageJudge : Module<Tensor, Tensor>, IEmbeddingClassifier
{
    private readonly Sequential features;
    private readonly AdaptiveAvgPool2d pool;
    private readonly Dropout drop;
    private readonly Linear head;
    private readonly ImageJudgeConfig config;

    public ImageJudge(ImageJudgeConfig config) : base(nameof(ImageJudge))
    {
        config.Validate();
        this.config = config;
        features = ResidualBlock.Stages(3, config.Widths, config.StemStride);
        pool = AdaptiveAvgPool2d(1);
        drop = Dropout(config.Dropout);
        head = Linear(config.Widths[^1], config.Classes);
        RegisterComponents();
    }

    public ImageJudgeConfig Config => config;
    public int EmbeddingSize => config.Widths[^1];
    public int Classes => config.Classes;

    public override Tensor forward(Tensor x) => EmbedAndClassify(x).Logits;

    public Tensor Embed(Tensor x) => EmbedAndClassify(x).Embedding;

    public (Tensor Embedding, Tensor Logits) EmbedAndClassify(Tensor x)
    {
        ModelShapes.Expect(x, "image judge", 3, 64, 64);
        using var scope = NewDisposeScope();
        var embedding = pool.call(features.call(x)).flatten(1);
        var logits = head.call(drop.call(embedding));
        return (embedding.MoveToOuterDisposeScope(), logits.MoveToOuterDisposeScope());
    }

    /// <summary>No explicit penalty: batch norm and augmentation regularise this network (always 0).</summary>
    public Tensor RegularisationPenalty() => ClassifierHead.Penalty(0, head.weight!);
}
