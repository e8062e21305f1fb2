using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Models;

/// <summary>
/// The networks at their shipped configurations against the trainers' kernel self-check (<see cref="KernelSelfCheck"/>:
/// the loss, and every layer in isolation, on libtorch's oneDNN kernels and on its reference kernels; a discriminator's
/// input gradient included, as its generator trains through it). libtorch 2.10's oneDNN computes some convolutions wrong
/// on these machines when a channel count is not a multiple of its SIMD block (docs/RELIABILITY.md). The GAN networks
/// compute the layers it got wrong as matrix products, and before that change their first and last layers failed here on
/// every run; the networks in <see cref="FaultyNetworks"/> still meet such a layer, and the self-check keeps their
/// training on the reference kernels.
/// </summary>
[Collection(CrossModal.Core.Tests.Training.SerialTrainingCollection.Name)]
public sealed class OneDnnAgreementTests
{
    const int Batch = 8;

    public static TheoryData<string> CheckedNetworks =>
    [
        "s2i-generator", "s2i-discriminator", "s2i-discriminator-aux", "projection-discriminator", "i2s-generator",
        "i2s-discriminator", "upsampling-s2i-generator", "image-classifier", "sound-classifier", "sound-judge", "pose-regressor",
    ];

    /// <summary>Networks with a layer oneDNN computes wrong, and that layer as the self-check names it.</summary>
    public static TheoryData<string, string> FaultyNetworks => new()
    {
        // 24 input channels: the output is wrong.
        { "image-judge", "(Conv2d, input [8,24,32,32]): output off by" },
        // 8 input channels (its second or third layer; which one shows it varies from run to run): the input gradient is wrong.
        { "autoencoder", "(Conv2d, input [8,8,12" },
    };

    [Theory]
    [MemberData(nameof(CheckedNetworks))]
    public void TheSelfCheckFindsOneDnnRightOnTheNetworksThatTrainOnIt(string network)
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(7);
        Assert.Null(SelfCheck(network));
    }

    [Theory]
    [MemberData(nameof(FaultyNetworks))]
    public void TheSelfCheckNamesTheLayerOneDnnComputesWrong(string network, string layer)
    {
        // The faulty kernel reads channel padding that holds whatever memory was there before, so where the fault shows
        // varies: now and then only the whole network's loss differs while the layers checked in isolation agree (the
        // check still refuses oneDNN, naming the loss). Three fresh checks give the layer its chance to be named.
        // Whether it shows at all depends on the machine: on a fresh VM on 2026-12-08 (AMD EPYC, AVX-512) these two layers
        // computed right in every check, alone and in a whole test run. Where it does not show, the self-check must find
        // nothing (a false alarm would send training to the slow kernels); wherever it shows, it must name this layer.
        // TheSelfCheckCatchesAWrongKernel covers the catching on every machine, with a kernel made wrong on purpose.
        var found = new List<string?>();
        for (var attempt = 0; attempt < 3 && !found.Any(f => f?.Contains(layer) == true); attempt++)
        {
            using var scope = NewDisposeScope();
            torch.manual_seed(7);
            found.Add(SelfCheck(network));
        }
        if (found.All(f => f is null)) return; // oneDNN right on this CPU: nothing to name, nothing refused
        Assert.Contains(found, f => f?.Contains(layer) == true);
    }

    static string? SelfCheck(string network)
    {
        var (module, inputs, run) = Build(network);
        if (!network.Contains("discriminator")) return KernelSelfCheck.Disagreement([module], () => Loss(inputs, run));
        var leaves = new InputGradients(inputs);
        return KernelSelfCheck.Disagreement([module, leaves], () => Loss(leaves.Inputs, run));
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

    /// <summary>The float inputs as parameters of a module, so that they need gradients, as a discriminator's image does in training.</summary>
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
