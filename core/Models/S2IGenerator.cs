using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CrossModal.Core.Models;

/// <summary>
/// Sound-to-image generator (DCGAN): [z ; condition] as a 1x1 map → 4x4x8f → 8x8x4f → 16x16x2f → 32x32xf
/// → 64x64x3, tanh. Transposed convs 4x4 stride 2 pad 1, batch norm and ReLU between.
/// </summary>
public sealed class S2IGenerator : ImageGenerator, IFirstLayerProbe
{
    private readonly ConditionProjection condition;
    private readonly Sequential net;

    public S2IGenerator(GanConfig config) : base(nameof(S2IGenerator), config)
    {
        long f = config.GeneratorFilters;
        condition = new ConditionProjection(config.EmbeddingSize, config.ConditionSize);
        net = Sequential(
            new FullExtentConvTranspose2d(config.NoiseSize + config.ConditionSize, f * 8, (4, 4)),
            BatchNorm2d(f * 8), ReLU(),
            ConvTranspose2d(f * 8, f * 4, 4, stride: 2, padding: 1, bias: false), BatchNorm2d(f * 4), ReLU(),
            ConvTranspose2d(f * 4, f * 2, 4, stride: 2, padding: 1, bias: false), BatchNorm2d(f * 2), ReLU(),
            ConvTranspose2d(f * 2, f, 4, stride: 2, padding: 1, bias: false), BatchNorm2d(f), ReLU(),
            ConvTranspose2d(f, 3, 4, stride: 2, padding: 1, bias: false), Tanh());
        RegisterComponents();
        DcganInit.Apply(this);
    }

    public override Tensor forward(Tensor embedding, Tensor z)
    {
        using var scope = NewDisposeScope();
        return net.call(Input(embedding, z)).MoveToOuterDisposeScope();
    }

    public Tensor FirstLayer(Tensor embedding, Tensor z)
    {
        using var scope = NewDisposeScope();
        var first = (Module<Tensor, Tensor>)net.children().First();
        return first.call(Input(embedding, z)).MoveToOuterDisposeScope();
    }

    /// <summary>[z ; projected condition] as a 1x1 map, the first layer's input.</summary>
    Tensor Input(Tensor embedding, Tensor z) => NoiseAndCondition(condition, embedding, z).unsqueeze(-1).unsqueeze(-1);
}
