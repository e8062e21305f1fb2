using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CrossModal.Core.Models;

/// <summary>
/// Image-to-sound generator (paper §3.2): DCGAN up to a 32x32 map of I2SMapChannels (paper: 128), extra 3x3
/// conv layers there (paper: two helped), then two transposed convs with 4x4 kernels, stride (2,1),
/// padding (1,1): H 32 → 64 → 128, W 32 → 33 → 34, giving a [1, 128, 34] LMS in [-1, 1] (tanh).
/// </summary>
public sealed class I2SGenerator : ConditionalGenerator
{
    public const int OutputHeight = 128;
    public const int OutputWidth = 34;

    private readonly ConditionProjection condition;
    private readonly Sequential net;
    private readonly GanConfig config;

    public I2SGenerator(GanConfig config) : base(nameof(I2SGenerator))
    {
        config.Validate();
        this.config = config;
        condition = new ConditionProjection(config.EmbeddingSize, config.ConditionSize);
        long f = config.GeneratorFilters;
        long m = config.I2SMapChannels;
        long half = Math.Max(1, m / 2);
        var layers = new List<Module<Tensor, Tensor>>
        {
            new FullExtentConvTranspose2d(config.NoiseSize + config.ConditionSize, f * 8, (4, 4)), BatchNorm2d(f * 8), ReLU(),
            ConvTranspose2d(f * 8, f * 4, 4, stride: 2, padding: 1, bias: false), BatchNorm2d(f * 4), ReLU(),
            ConvTranspose2d(f * 4, f * 2, 4, stride: 2, padding: 1, bias: false), BatchNorm2d(f * 2), ReLU(),
            ConvTranspose2d(f * 2, m, 4, stride: 2, padding: 1, bias: false), BatchNorm2d(m), ReLU(),
        };
        for (var i = 0; i < config.I2SGeneratorExtraLayers; i++)
            layers.AddRange([Conv2d(m, m, 3, padding: 1, bias: false), BatchNorm2d(m), ReLU()]);
        layers.AddRange([
            ConvTranspose2d(m, half, (4, 4), stride: (2, 1), padding: (1, 1), bias: false), BatchNorm2d(half), ReLU(),
            ConvTranspose2d(half, 1, (4, 4), stride: (2, 1), padding: (1, 1), bias: false), Tanh()]);
        net = Sequential(layers);
        RegisterComponents();
        DcganInit.Apply(this);
    }

    public override int EmbeddingSize => config.EmbeddingSize;
    public override int NoiseSize => config.NoiseSize;
    public override long[] SampleShape => [1, OutputHeight, OutputWidth];

    public override Tensor forward(Tensor embedding, Tensor z)
    {
        ModelShapes.Expect(z, "I2S generator noise", config.NoiseSize);
        using var scope = NewDisposeScope();
        var c = condition.call(embedding);
        var h = cat([z, c], 1).unsqueeze(-1).unsqueeze(-1);
        return net.call(h).MoveToOuterDisposeScope();
    }
}
