using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CrossModal.Core.Models;

/// <summary>
/// Sound CNN (paper §3.1): 3 or 4 conv blocks (3x3 conv, batch norm, ReLU, 2x2 max-pool), an adaptive average
/// pool to a fixed map, then FC → ReLU → dropout → FC (embedding) → ReLU → dropout → FC (class logits).
/// Input: [N, 1, InputHeight, InputWidth] (an LMS chunk is 128x44), first whitened when the config asks for it
/// (<see cref="SoundClassifierConfig.WhiteningBands"/>: inside the network, so every user of the embedding gets it).
/// </summary>
public sealed class SoundClassifier : Module<Tensor, Tensor>, IEmbeddingClassifier
{
    private readonly ModuleList<Module<Tensor, Tensor>> convs = new();
    private readonly AdaptiveAvgPool2d pool;
    private readonly Linear fc1, fc2, fc3;
    private readonly Dropout drop1, drop2;
    private readonly SoundClassifierConfig config;

    public SoundClassifier(SoundClassifierConfig config) : base(nameof(SoundClassifier))
    {
        config.Validate();
        this.config = config;
        long cin = 1;
        for (var i = 0; i < config.ConvLayers; i++)
        {
            long cout = config.ConvChannels[i];
            convs.Add(Sequential(
                Conv2d(cin, cout, 3, padding: 1),
                BatchNorm2d(cout),
                ReLU(),
                MaxPool2d(2)));
            cin = cout;
        }
        pool = AdaptiveAvgPool2d((config.PooledHeight, config.PooledWidth));
        fc1 = Linear(cin * config.PooledHeight * config.PooledWidth, config.HiddenUnits);
        fc2 = Linear(config.HiddenUnits, config.EmbeddingSize);
        fc3 = Linear(config.EmbeddingSize, config.Classes);
        drop1 = Dropout(config.DropoutHidden);
        drop2 = Dropout(config.DropoutEmbedding);
        RegisterComponents();
    }

    public SoundClassifierConfig Config => config;
    public int EmbeddingSize => config.EmbeddingSize;
    public int Classes => config.Classes;

    public override Tensor forward(Tensor x) => EmbedAndClassify(x).Logits;

    public Tensor Embed(Tensor x) => EmbedAndClassify(x).Embedding;

    public (Tensor Embedding, Tensor Logits) EmbedAndClassify(Tensor x)
    {
        ModelShapes.Expect(x, "sound classifier", 1, config.InputHeight, config.InputWidth);
        using var scope = NewDisposeScope();
        var h = config.WhiteningBands > 0 ? SpectralWhitening.Apply(x, config.WhiteningBands) : x;
        foreach (var conv in convs) h = conv.call(h);
        var (embedding, logits) = ClassifierHead.Apply(pool.call(h).flatten(1), fc1, drop1, fc2, drop2, fc3);
        return (embedding.MoveToOuterDisposeScope(), logits.MoveToOuterDisposeScope());
    }

    /// <summary>TF-style L2 (coefficient * sum(w^2) / 2) over the three FC weight matrices, biases excluded.</summary>
    public Tensor RegularisationPenalty() => ClassifierHead.Penalty(config.FcL2, fc1.weight!, fc2.weight!, fc3.weight!);
}
