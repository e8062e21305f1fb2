using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace CrossModal.Core.Models;

/// <summary>
/// Stacked conv–deconv autoencoder sound encoder for S2I-A (paper §3.1). Stack k encodes with a 3x3 valid
/// conv (H,W shrink by 2) and decodes with the matching 3x3 transposed conv back to its own input; the
/// fourth stack outputs one channel (120x36 for a 128x44 LMS), flattens it and projects it to the
/// embedding, its decoder mirrors that with an FC and a transposed conv. Stacks are trained greedily,
/// in order (see <c>Training.AutoencoderTrainer</c>). Input: [N, 1, H, W], LMS normalised to [-1, 1].
/// </summary>
public sealed class StackedAutoencoder : Module<Tensor, Tensor>, IEmbedder
{
    public const int Stacks = 4;

    private readonly ModuleList<Module<Tensor, Tensor>> encoders = new();
    private readonly ModuleList<Module<Tensor, Tensor>> decoders = new();
    private readonly Linear project, unproject;
    private readonly AutoencoderConfig config;

    public StackedAutoencoder(AutoencoderConfig config) : base(nameof(StackedAutoencoder))
    {
        config.Validate();
        this.config = config;
        long[] channels = [1, config.StackChannels[0], config.StackChannels[1], config.StackChannels[2], 1];
        for (var k = 0; k < Stacks; k++)
        {
            encoders.Add(Sequential(Conv2d(channels[k], channels[k + 1], 3), LeakyReLU(0.2)));
            decoders.Add(ConvTranspose2d(channels[k + 1], channels[k], 3));
        }
        long mapSize = (long)config.MapHeight * config.MapWidth;
        project = Linear(mapSize, config.EmbeddingSize);
        unproject = Linear(config.EmbeddingSize, mapSize);
        RegisterComponents();
    }

    public AutoencoderConfig Config => config;
    public int EmbeddingSize => config.EmbeddingSize;

    /// <summary>Reconstruction of the whole input through all four stacks (forward = autoencode).</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var code = Embed(x);
        var h = DecodeStack(Stacks - 1, code);
        for (var k = Stacks - 2; k >= 0; k--) h = DecodeStack(k, h);
        return h.MoveToOuterDisposeScope();
    }

    /// <summary>The 128-d embedding [N, EmbeddingSize].</summary>
    public Tensor Embed(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = EncodeThrough(Stacks - 1, x);
        return EncodeStack(Stacks - 1, h).MoveToOuterDisposeScope();
    }

    /// <summary>The input of stack <paramref name="stacks"/>: x passed through stacks 0..stacks-1.</summary>
    public Tensor EncodeThrough(int stacks, Tensor x)
    {
        ModelShapes.Expect(x, "autoencoder", 1, config.InputHeight, config.InputWidth);
        if (stacks is < 0 or >= Stacks) throw new ArgumentOutOfRangeException(nameof(stacks));
        using var scope = NewDisposeScope();
        var h = x;
        for (var k = 0; k < stacks; k++) h = EncodeStack(k, h);
        return (stacks == 0 ? h.alias() : h).MoveToOuterDisposeScope();
    }

    /// <summary>Stack k's code of its input (for the last stack: the projected embedding).</summary>
    public Tensor EncodeStack(int k, Tensor h)
    {
        var map = encoders[k].call(h);
        if (k < Stacks - 1) return map;
        using var flat = map.flatten(1);
        map.Dispose();
        return project.call(flat);
    }

    /// <summary>Stack k's reconstruction of its input from its code.</summary>
    public Tensor DecodeStack(int k, Tensor code)
    {
        if (k < Stacks - 1) return decoders[k].call(code);
        using var scope = NewDisposeScope();
        var map = functional.leaky_relu(unproject.call(code), 0.2).reshape(-1, 1, config.MapHeight, config.MapWidth);
        return decoders[k].call(map).MoveToOuterDisposeScope();
    }

    /// <summary>Parameters trained in greedy phase k (the stack's encoder and decoder; the last stack adds its FCs).</summary>
    public IEnumerable<Parameter> StackParameters(int k)
    {
        var ps = encoders[k].parameters().Concat(decoders[k].parameters());
        return k < Stacks - 1 ? ps : ps.Concat(project.parameters()).Concat(unproject.parameters());
    }
}
