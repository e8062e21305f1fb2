using static TorchSharp.torch;

namespace CrossModal.Core.Models;

/// <summary>
/// What the sound-to-image generators share (<see cref="S2IGenerator"/>, <see cref="UpsamplingS2IGenerator"/>): the
/// <see cref="GanConfig"/> sizes they read, the 64x64x3 sample, and [z ; projected condition], where noise and sound
/// meet. The layers stay in each generator: their declaration order fixes the initialisation draws and the names under
/// which stored weights load.
/// </summary>
public abstract class ImageGenerator : ConditionalGenerator
{
    protected ImageGenerator(string name, GanConfig config) : base(name)
    {
        config.Validate();
        Config = config;
    }

    protected GanConfig Config { get; }

    public override int EmbeddingSize => Config.EmbeddingSize;
    public override int NoiseSize => Config.NoiseSize;
    public override long[] SampleShape => [3, 64, 64];

    /// <summary>[z ; condition(embedding)], [N, noise + condition size].</summary>
    protected Tensor NoiseAndCondition(ConditionProjection condition, Tensor embedding, Tensor z)
    {
        ModelShapes.Expect(z, "S2I generator noise", Config.NoiseSize);
        return cat([z, condition.call(embedding)], 1);
    }
}
