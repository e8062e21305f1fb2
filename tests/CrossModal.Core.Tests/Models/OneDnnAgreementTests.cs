using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Models;

/// <summary>
/// The networks that train on oneDNN, at their shipped configurations, pass the trainers' kernel self-check: the same
/// loss and gradients (input gradients included) with libtorch's oneDNN kernels as with its reference kernels. libtorch
/// 2.10's oneDNN computes some convolutions wrong on these machines (docs/RELIABILITY.md); the GAN networks compute the
/// layers it got wrong as matrix products, and before that change the S2I and I2S generators' first layers and the
/// discriminators' last layers failed here on every run. The other networks (autoencoder, judges, the upsampling
/// generator, the projection discriminator) still meet faulty kernels; their trainers' self-check keeps them on the
/// reference kernels, which the second test shows for one of them.
/// </summary>
[Collection(CrossModal.Core.Tests.Training.SerialTrainingCollection.Name)]
public sealed class OneDnnAgreementTests
{
    const int Batch = 8;

    public static TheoryData<string> CheckedNetworks =>
    [
        "s2i-generator", "s2i-discriminator", "s2i-discriminator-aux", "i2s-generator", "i2s-discriminator",
        "image-classifier", "sound-classifier", "pose-regressor",
    ];

    [Theory]
    [MemberData(nameof(CheckedNetworks))]
    public void TheSelfCheckFindsOneDnnRightOnTheNetworksThatTrainOnIt(string network)
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(7);
        var (module, inputs, run) = Build(network);
        var leaves = new InputGradients(inputs);
        Assert.Null(KernelSelfCheck.Disagreement([module, leaves], () => Loss(leaves.Inputs, run)));
    }

    [Fact]
    public void TheSelfCheckCatchesAWrongKernel()
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(7);
        var (module, inputs, run) = Build("s2i-discriminator");
        // A stand-in for a faulty kernel: 1 % off whenever oneDNN computes.
        var wrong = KernelSelfCheck.Disagreement([module], () => Loss(inputs, run) * (LibTorchContext.OneDnn ? 1.01 : 1.0));
        Assert.StartsWith("loss", wrong);
    }

    /// <summary>The output projected on fixed random weights, through inputs that collect gradients.</summary>
    static Tensor Loss(Tensor[] inputs, Func<Tensor[], Tensor> run)
    {
        var output = run(inputs);
        using var draws = new torch.Generator(11);
        return (output * randn(output.shape, generator: draws)).sum();
    }

    /// <summary>The float inputs as parameters of a module, so the self-check compares their gradients too.</summary>
    sealed class InputGradients : nn.Module
    {
        public Tensor[] Inputs { get; }

        public InputGradients(Tensor[] inputs) : base(nameof(InputGradients))
        {
            Inputs = inputs.Select(x => x.is_floating_point() ? new TorchSharp.Modules.Parameter(x.detach().clone()) : x).ToArray();
            for (var i = 0; i < Inputs.Length; i++)
                if (Inputs[i] is TorchSharp.Modules.Parameter p) register_parameter($"input{i}", p);
        }
    }

    static (nn.Module Module, Tensor[] Inputs, Func<Tensor[], Tensor> Run) Build(string network)
    {
        var gan = new GanConfig();
        Tensor Embedding() => randn(Batch, gan.EmbeddingSize);
        Tensor Noise() => randn(Batch, gan.NoiseSize);
        Tensor Image() => randn(Batch, 3, 64, 64);
        Tensor Lms(int height, int width) => randn(Batch, 1, height, width);
        switch (network)
        {
            case "s2i-generator": { var m = new S2IGenerator(gan); return (m, [Embedding(), Noise()], x => m.call(x[0], x[1])); }
            case "upsampling-s2i-generator": { var m = new UpsamplingS2IGenerator(gan); return (m, [Embedding(), Noise()], x => m.call(x[0], x[1])); }
            case "i2s-generator": { var m = new I2SGenerator(gan); return (m, [Embedding(), Noise()], x => m.call(x[0], x[1])); }
            case "s2i-discriminator": { var m = new S2IDiscriminator(gan); return (m, [Image(), Embedding()], x => m.call(x[0], x[1])); }
            case "s2i-discriminator-aux":
            {
                var m = new S2IDiscriminator(gan, 13);
                return (m, [Image(), Embedding()], x => { var (logit, classes) = m.Judge(x[0], x[1]); return cat([logit.unsqueeze(1), classes!], 1); });
            }
            case "projection-discriminator": { var m = new ProjectionDiscriminator(gan); return (m, [Image(), Embedding()], x => m.call(x[0], x[1])); }
            case "i2s-discriminator":
            {
                var m = new I2SDiscriminator(gan);
                return (m, [Lms(I2SGenerator.OutputHeight, I2SGenerator.OutputWidth), Embedding()], x => m.call(x[0], x[1]));
            }
            case "image-classifier": { var m = new ImageClassifier(new ImageClassifierConfig()); return (m, [Image()], x => m.call(x[0])); }
            case "image-judge": { var m = new ImageJudge(new ImageJudgeConfig()); return (m, [Image()], x => m.call(x[0])); }
            case "pose-regressor": { var m = new PoseRegressor(new PoseRegressorConfig()); return (m, [Image()], x => m.call(x[0])); }
            case "sound-classifier":
            {
                var c = new SoundClassifierConfig();
                var m = new SoundClassifier(c);
                return (m, [Lms(c.InputHeight, c.InputWidth)], x => m.call(x[0]));
            }
            case "sound-judge":
            {
                var c = new SoundJudgeConfig();
                var m = new SoundJudge(c);
                return (m, [Lms(c.InputHeight, c.InputWidth)], x => m.call(x[0]));
            }
            case "autoencoder":
            {
                var c = new AutoencoderConfig();
                var m = new StackedAutoencoder(c);
                return (m, [Lms(c.InputHeight, c.InputWidth)], x => m.call(x[0]));
            }
            default: throw new ArgumentException(network);
        }
    }
}
