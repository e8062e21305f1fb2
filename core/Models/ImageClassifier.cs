using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CrossModal.Core.Models;

/// <summary>
/// Image CNN (paper §3.1): six 3x3 conv layers (batch norm, ReLU; 2x2 max-pool after every second, so
/// 64 → 8) and three FC layers; the 128-d second-to-last FC output is the image embedding.
/// Input: [N, 3, 64, 64] in [-1, 1].
/// </summary>
public sealed class ImageClassifier : Module<Tensor, Tensor>, IEmbeddingClassifier
{
    private readonly Sequential features;
    private readonly Linear fc1, fc2, fc3;
    private readonly Dropout drop1, drop2;
    private readonly ImageClassifierConfig config;

    public ImageClassifier(ImageClassifierConfig config) : base(nameof(ImageClassifier))
    {
        config.Validate();
        this.config = config;
        var layers = new List<Module<Tensor, Tensor>>();
        long cin = 3;
        for (var i = 0; i < 6; i++)
        {
            long cout = config.ConvChannels[i];
            layers.Add(Conv2d(cin, cout, 3, padding: 1));
            layers.Add(BatchNorm2d(cout));
            layers.Add(ReLU());
            if (i % 2 == 1) layers.Add(MaxPool2d(2));
            cin = cout;
        }
        features = Sequential(layers);
        fc1 = Linear(cin * 8 * 8, config.HiddenUnits);
        fc2 = Linear(config.HiddenUnits, config.EmbeddingSize);
        fc3 = Linear(config.EmbeddingSize, config.Classes);
        drop1 = Dropout(config.Dropout);
        drop2 = Dropout(config.Dropout);
        RegisterComponents();
    }

    public ImageClassifierConfig Config => config;
    public int EmbeddingSize => config.EmbeddingSize;
    public int Classes => config.Classes;

    public override Tensor forward(Tensor x) => EmbedAndClassify(x).Logits;

    public Tensor Embed(Tensor x) => EmbedAndClassify(x).Embedding;

    public (Tensor Embedding, Tensor Logits) EmbedAndClassify(Tensor x)
    {
        ModelShapes.Expect(x, "image classifier", 3, 64, 64);
        using var scope = NewDisposeScope();
        var (embedding, logits) = ClassifierHead.Apply(features.call(x).flatten(1), fc1, drop1, fc2, drop2, fc3);
        return (embedding.MoveToOuterDisposeScope(), logits.MoveToOuterDisposeScope());
    }

    public Tensor RegularisationPenalty() => ClassifierHead.Penalty(config.FcL2, fc1.weight!, fc2.weight!, fc3.weight!);
}
