using CrossModal.Core.Models;
using CrossModal.Core.Training;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Models;

/// <summary>The second pose judge's network, and what it shares with the pose regressor (<see cref="InstrumentPoseModel"/>).</summary>
public class PoseJudgeTests
{
    internal static PoseJudgeConfig Tiny => new() { Widths = [4, 8], HiddenUnits = 8 };

    [Theory]
    [InlineData(1, 32)]
    [InlineData(2, 16)]
    public void ItReadsEveryInstrumentsPoseFromAFlattenedMapNotAPooledOne(int stemStride, int side)
    {
        var config = Tiny with { StemStride = stemStride };
        Assert.Equal(side, config.FinalSide);
        using var judge = new PoseJudge(config);
        judge.eval();
        using var x = rand(3, 3, 64, 64) * 2 - 1;
        using var all = judge.call(x);
        Assert.Equal(new long[] { 3, 13 * 4 }, all.shape);
        Assert.True(all.ge(0).all().item<bool>() && all.le(1).all().item<bool>());
        // The hidden layer sees the last map whole (8 channels x side x side), not a pooled vector.
        Assert.Contains(judge.named_parameters(), p => p.name == "hidden.weight" && p.parameter.shape[1] == 8L * side * side);
        Assert.Throws<InvalidInputException>(() => judge.call(rand(2, 3, 32, 32)));
    }

    [Fact]
    public void ConfigsWithTooManyStagesOrNoHeadsAreRefused()
    {
        Assert.Equal(1, (Tiny with { Widths = [2, 2, 2, 2, 2, 2], StemStride = 2 }).FinalSide);
        Assert.Contains("1 to 6", Assert.Throws<InvalidInputException>(() => new PoseJudge(Tiny with { Widths = [2, 2, 2, 2, 2, 2, 2] })).Message);
        Assert.Throws<InvalidInputException>(() => new PoseJudge(Tiny with { Outputs = 0 }));
        Assert.Throws<InvalidInputException>(() => new PoseJudge(Tiny with { HiddenUnits = 0 }));
        Assert.Throws<InvalidInputException>(() => new PoseJudge(Tiny with { StemStride = 3 }));
    }

    [Fact]
    public void OneInstrumentsHeadReadsAsAPoseReaderAndCarriesGradientToTheImage()
    {
        manual_seed(2);
        InstrumentPoseModel[] models = [new PoseJudge(Tiny), new PoseRegressor(new PoseRegressorConfig { ConvChannels = [4, 8], HiddenUnits = 8 })];
        foreach (var model in models)
        {
            model.eval();
            using var x = (rand(2, 3, 64, 64) * 2 - 1).requires_grad_();
            var reader = model.ForInstrument(5);
            Assert.Equal(4, reader.PoseParameters);
            using var read = reader.ReadPose(x);
            using (no_grad())
            using (var all = model.call(x))
                Assert.Equal(all.narrow(1, 5 * 4, 4).data<float>().ToArray(), read.data<float>().ToArray());
            read.sum().backward();
            Assert.True(x.grad is not null && x.grad.abs().sum().item<float>() > 0);
            Assert.Throws<InvalidInputException>(() => model.ForInstrument(13));
            Assert.Throws<InvalidInputException>(() => model.ForInstrument(-1));
            model.Dispose();
        }
    }

    [Fact]
    public void ThePoseRegressorsTrainerTrainsItTowardsThePoses()
    {
        manual_seed(4);
        using var judge = new PoseJudge(Tiny);
        // Brightness of the left half carries pose_0: a pose the judge can learn to read.
        using var images = rand(32, 3, 64, 64) * 2 - 1;
        using var pose = rand(32, 4);
        using (no_grad()) images.narrow(3, 0, 32).copy_(pose.narrow(1, 0, 1).view(32, 1, 1, 1).expand(32, 3, 64, 32) * 2 - 1);
        var instruments = Enumerable.Range(0, 32).Select(i => i % 13).ToArray();
        var losses = new PoseRegressorTrainer(judge, new PoseRegressorTrainingOptions { Epochs = 8, BatchSize = 8, LearningRate = 3e-3, Seed = 1 })
            .Train(images, instruments, pose);
        Assert.True(losses[^1] < losses[0], $"loss {losses[0]} → {losses[^1]}");
        Assert.Equal(32, PoseRegressorTrainer.Read(judge, images, instruments).Count);
    }
}
