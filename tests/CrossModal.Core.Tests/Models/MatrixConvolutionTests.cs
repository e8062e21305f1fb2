using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Models;

/// <summary>
/// The matrix-product forms of the layers oneDNN computed wrong: the same function, parameters and initialisation draws
/// as the convolutions they replace, so stored models load and a seeded network starts from the same weights.
/// </summary>
[Collection(CrossModal.Core.Tests.Training.SerialTrainingCollection.Name)]
public sealed class MatrixConvolutionTests
{
    static void Close(Tensor expected, Tensor actual) =>
        Assert.True((actual - expected).abs().max().item<float>() <= 1e-5f * expected.abs().max().item<float>(), "results differ");

    [Fact]
    public void TheTransposedConvolutionOfA1x1MapIsTheMatrixProduct()
    {
        var wasOn = LibTorchContext.OneDnn;
        LibTorchContext.OneDnn = false;   // the reference kernels
        try
        {
            manual_seed(1);
            using var layer = new FullExtentConvTranspose2d(164, 32, (4, 4));
            using var x = randn(5, 164, 1, 1);
            Close(nn.functional.conv_transpose2d(x, layer.Weight), layer.call(x));
            Assert.Equal(new long[] { 5, 32, 4, 4 }, layer.call(x).shape);
        }
        finally { LibTorchContext.OneDnn = wasOn; }
    }

    [Fact]
    public void AConvolutionCoveringItsInputIsTheMatrixProduct()
    {
        var wasOn = LibTorchContext.OneDnn;
        LibTorchContext.OneDnn = false;
        try
        {
            manual_seed(2);
            using var layer = new MatrixConv2d(40, 3, (8, 2));
            using (no_grad()) layer.Bias!.uniform_(-1, 1);
            using var x = randn(5, 40, 8, 2);
            Close(nn.functional.conv2d(x, layer.Weight, layer.Bias), layer.call(x));
            Assert.Throws<InvalidInputException>(() => layer.call(randn(5, 40, 9, 2)));
        }
        finally { LibTorchContext.OneDnn = wasOn; }
    }

    [Fact]
    public void ABlockAlignedConvolutionIsTheConvolution()
    {
        var wasOn = LibTorchContext.OneDnn;
        LibTorchContext.OneDnn = false;
        try
        {
            manual_seed(5);
            using var layer = new BlockAlignedConv2d(32, 3, 3, padding: 1);
            using (no_grad()) layer.Bias.uniform_(-1, 1);
            using var x = randn(4, 32, 10, 7).requires_grad_();
            var expected = nn.functional.conv2d(x, layer.Weight, layer.Bias, padding: [1, 1]);
            var actual = layer.call(x);
            Close(expected, actual);
            Assert.Equal(new long[] { 4, 3, 10, 7 }, actual.shape);
            using var upstream = randn(expected.shape);
            var expectedGradients = autograd.grad([(expected * upstream).sum()], [x, layer.Weight, layer.Bias]);
            var actualGradients = autograd.grad([(actual * upstream).sum()], [x, layer.Weight, layer.Bias]);
            for (var i = 0; i < 3; i++) Close(expectedGradients[i], actualGradients[i]);
        }
        finally { LibTorchContext.OneDnn = wasOn; }
    }

    [Fact]
    public void TheyKeepTheReplacedLayersNamesShapesAndRandomDraws()
    {
        manual_seed(3);
        var conv = nn.ConvTranspose2d(20, 8, (4, 4), bias: false);
        var after = randn(3);
        manual_seed(3);
        var matrix = new FullExtentConvTranspose2d(20, 8, (4, 4));
        Assert.Equal(after.data<float>().ToArray(), randn(3).data<float>().ToArray());
        Assert.Equal(conv.weight!.data<float>().ToArray(), matrix.Weight.data<float>().ToArray());
        Assert.Equal(conv.state_dict().Keys, matrix.state_dict().Keys);

        manual_seed(4);
        var conv2 = nn.Conv2d(20, 1, (4, 4));
        after = randn(3);
        manual_seed(4);
        var matrix2 = new MatrixConv2d(20, 1, (4, 4));
        Assert.Equal(after.data<float>().ToArray(), randn(3).data<float>().ToArray());
        Assert.Equal(conv2.bias!.data<float>().ToArray(), matrix2.Bias!.data<float>().ToArray());
        Assert.Equal(conv2.state_dict().Keys, matrix2.state_dict().Keys);

        manual_seed(6);
        var conv3 = nn.Conv2d(32, 3, 3, padding: 1);
        after = randn(3);
        manual_seed(6);
        var matrix3 = new BlockAlignedConv2d(32, 3, 3, padding: 1);
        Assert.Equal(after.data<float>().ToArray(), randn(3).data<float>().ToArray());
        Assert.Equal(conv3.weight!.data<float>().ToArray(), matrix3.Weight.data<float>().ToArray());
        Assert.Equal(conv3.state_dict().Keys, matrix3.state_dict().Keys);
    }
}
