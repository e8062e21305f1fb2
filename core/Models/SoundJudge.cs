using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CrossModal.Core.Models;

/// <summary>
/// The second, independent sound judge (issue 17): a residual CNN over the LMS chunk with global average pooling over
/// time (the coarse frequency axis is kept: where in the spectrum the energy sits tells instruments apart, and pooling
/// it away left a test's two classes, the same lines in two registers, at chance) and
/// <see cref="Outputs"/> = 14 logits, the 13 instruments and <see cref="RefusedClass"/> ("not a real instrument
/// sound"). It is trained to refuse what a generator of class averages makes — noise shaped to an instrument's mean
/// spectrum and heavily blurred spectrograms — which the plain sound classifier labels as the instrument. It is
/// never used to train, select or stop a generator. An evaluator counts a refusal as a wrong label.
/// Input: the sound classifier's input, LMS in dB scaled by <see cref="SoundInput.ToUnit"/> to [-1, 1],
/// shape [N, 1, 128, 44]. It deliberately is not an <see cref="IEmbeddingClassifier"/>: that contract means 13
/// instrument logits, and this judge has a 14th.
/// </summary>
public sealed class SoundJudge : Module<Tensor, Tensor>, IEmbedder
{
    /// <summary>Index of the "refused" output (the instruments are 0..12, in <see cref="Datasets.Instruments"/> order).</summary>
    public const int RefusedClass = 13;

    private readonly Sequential features;
    private readonly AdaptiveAvgPool2d pool;
    private readonly Dropout drop;
    private readonly Linear head;
    private readonly SoundJudgeConfig config;

    public SoundJudge(SoundJudgeConfig config) : base(nameof(SoundJudge))
    {
        config.Validate();
        if (config.Instruments != RefusedClass)
            throw new InvalidInputException($"the sound judge's refused class is output {RefusedClass}, so it needs {RefusedClass} instruments, got {config.Instruments}");
        this.config = config;
        features = ResidualBlock.Stages(1, config.Widths, config.StemStride);
        pool = AdaptiveAvgPool2d((config.PooledBands, 1));
        drop = Dropout(config.Dropout);
        head = Linear(EmbeddingSize, Outputs);
        RegisterComponents();
    }

    public SoundJudgeConfig Config => config;

    /// <summary>Logits per sample: the instruments, then the refused class.</summary>
    public int Outputs => config.Instruments + 1;

    /// <summary>Last stage's width times the pooled frequency bands.</summary>
    public int EmbeddingSize => config.Widths[^1] * config.PooledBands;

    /// <summary>Logits [N, 14] for unit-scaled LMS [N, 1, 128, 44]; arg-max 13 means refused.</summary>
    public Tensor Judge(Tensor unitLms) => EmbedAndJudge(unitLms).Logits;

    public override Tensor forward(Tensor unitLms) => Judge(unitLms);

    /// <summary>The time-pooled feature vector [N, EmbeddingSize].</summary>
    public Tensor Embed(Tensor unitLms) => EmbedAndJudge(unitLms).Embedding;

    public (Tensor Embedding, Tensor Logits) EmbedAndJudge(Tensor unitLms)
    {
        ModelShapes.Expect(unitLms, "sound judge", 1, config.InputHeight, config.InputWidth);
        using var scope = NewDisposeScope();
        var embedding = pool.call(features.call(unitLms)).flatten(1);
        var logits = head.call(drop.call(embedding));
        return (embedding.MoveToOuterDisposeScope(), logits.MoveToOuterDisposeScope());
    }
}
