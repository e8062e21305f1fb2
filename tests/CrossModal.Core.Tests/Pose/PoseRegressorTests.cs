using CrossModal.Core.Models;
using CrossModal.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Pose;

public class PoseRegressorTests
{
    internal static PoseRegressorConfig Tiny(int instruments = 3) => new() { ConvChannels = [4, 4, 8, 8], HiddenUnits = 16, Instruments = instruments };

    [Fact]
    public void ForwardGivesEveryInstrumentsPoseInZeroOne()
    {
        using var model = new PoseRegressor(new PoseRegressorConfig());
        model.eval();
        using var x = rand(5, 3, 64, 64) * 2 - 1;
        using var all = model.call(x);
        Assert.Equal([5L, 13 * 4], all.shape);
        Assert.True(all.ge(0).all().item<bool>() && all.le(1).all().item<bool>());
        using var picked = model.Predict(x, tensor(new long[] { 0, 12, 3, 3, 7 }));
        Assert.Equal([5L, 4], picked.shape);
    }

    [Fact]
    public void PredictPicksEachRowsInstrumentSlice()
    {
        using var model = new PoseRegressor(Tiny(instruments: 5));
        model.eval();
        using var x = rand(4, 3, 64, 64) * 2 - 1;
        long[] instruments = [4, 0, 2, 4];
        using var picked = model.Predict(x, tensor(instruments));
        using var all = model.call(x);
        for (var i = 0; i < 4; i++)
        {
            using var expected = all[i].narrow(0, instruments[i] * 4, 4);
            Assert.True(picked[i].allclose(expected), $"row {i} did not get instrument {instruments[i]}'s head");
        }
        // Int32 indices are accepted too; bad ones are named.
        using var picked32 = model.Predict(x, tensor(new[] { 4, 0, 2, 4 }));
        Assert.True(picked32.allclose(picked));
        Assert.Throws<InvalidInputException>(() => model.Predict(x, tensor(new long[] { 0, 1, 5, 0 })));
        Assert.Throws<InvalidInputException>(() => model.Predict(x, tensor(new long[] { 0, 1 })));
        Assert.Throws<InvalidInputException>(() => model.Predict(x, tensor(new float[] { 0, 1, 2, 3 })));
        Assert.Throws<InvalidInputException>(() => model.call(rand(2, 3, 32, 32)));
    }

    [Fact]
    public void ConfigIsValidated()
    {
        Assert.Throws<InvalidInputException>(() => new PoseRegressor(new PoseRegressorConfig { ConvChannels = [8] }));
        Assert.Throws<InvalidInputException>(() => new PoseRegressor(new PoseRegressorConfig { ConvChannels = [8, 8, 8, 8, 8, 8] }));
        Assert.Throws<InvalidInputException>(() => new PoseRegressor(new PoseRegressorConfig { ConvChannels = [8, 0, 8] }));
        Assert.Throws<InvalidInputException>(() => new PoseRegressor(new PoseRegressorConfig { Outputs = 0 }));
        Assert.Throws<InvalidInputException>(() => new PoseRegressor(new PoseRegressorConfig { Instruments = 0 }));
        using var twoBlocks = new PoseRegressor(new PoseRegressorConfig { ConvChannels = [4, 4], HiddenUnits = 8 });
        using var y = twoBlocks.call(zeros(2, 3, 64, 64));
        Assert.Equal([2L, 52], y.shape);
    }
}
