using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CrossModal.Core.Models;

/// <summary>GAN-CLS condition: embedding → FC → ConditionSize, leaky ReLU (slope 0.2). G and D each own one.</summary>
public sealed class ConditionProjection : Module<Tensor, Tensor>
{
    private readonly Linear fc;
    private readonly int embeddingSize;

    public ConditionProjection(int embeddingSize, int conditionSize) : base(nameof(ConditionProjection))
    {
        this.embeddingSize = embeddingSize;
        fc = Linear(embeddingSize, conditionSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor embedding)
    {
        ModelShapes.Expect(embedding, "condition projection", embeddingSize);
        using var h = fc.call(embedding);
        return functional.leaky_relu(h, 0.2);
    }
}
