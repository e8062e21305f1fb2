using CrossModal.Core.Evaluation;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Pose;

/// <summary>
/// The sound's pose ceiling on hand-made conditions whose relation to the pose is known. Serial: the probe's weights and
/// dropout come from torch's global generator, which a parallel test would draw from mid-run.
/// </summary>
[Collection(Training.SerialTrainingCollection.Name)]
public class SoundPoseCeilingTests
{
    static (Tensor Conditions, Tensor Pose) Pairs(int n, ulong seed)
    {
        // 12 condition values; pose_0 is a smooth non-linear function of value 0, pose_1 a linear one of values 1 and 2,
        // pose_2 depends on nothing the conditions hold (drawn apart), pose_3 never varies.
        var g = new Generator(seed: seed);
        var x = randn(n, 12, generator: g);
        var p0 = sigmoid(x[.., 0] * 2).mul(x[.., 0].abs().lt(1.5).to_type(ScalarType.Float32) * 0.5 + 0.5);
        var p1 = ((x[.., 1] - x[.., 2]) * 0.15 + 0.5).clamp(0, 1);
        var p2 = rand(n, generator: g);
        var p3 = full(n, 0.25f);
        return (x, stack([p0, p1, p2, p3], 1));
    }

    [Fact]
    public void WhatTheConditionsDetermineIsReadAndWhatTheyDoNotIsNot()
    {
        var (trainX, trainY) = Pairs(800, 1);
        var (evalX, evalY) = Pairs(400, 2);
        var r = SoundPoseCeiling.Measure(trainX, trainY, evalX, evalY);
        Assert.Equal(4, r.Length);
        Assert.True(r[0] > 0.9, $"pose_0 is a function of the condition: r {r[0]}");
        Assert.True(r[1] > 0.9, $"pose_1 is a function of the condition: r {r[1]}");
        // Independent of everything the probe sees: r is sampling noise around 0 (sd 0.05 at 400 pairs).
        Assert.InRange(r[2]!.Value, -0.2, 0.2);
        Assert.Null(r[3]);
        // Fixed settings and seed: the same figure again.
        Assert.Equal(r, SoundPoseCeiling.Measure(trainX, trainY, evalX, evalY));
    }

    [Fact]
    public void BadInputIsRefused()
    {
        var (x, y) = Pairs(20, 1);
        Assert.Throws<InvalidInputException>(() => SoundPoseCeiling.Measure(x, y, x.narrow(1, 0, 5), y));
        Assert.Throws<InvalidInputException>(() => SoundPoseCeiling.Measure(x, y, x, y.narrow(1, 0, 2)));
        Assert.Throws<InvalidInputException>(() => SoundPoseCeiling.Measure(x, y.narrow(0, 0, 10), x, y));
        Assert.Throws<InvalidInputException>(() => SoundPoseCeiling.Measure(x.narrow(0, 0, 1), y.narrow(0, 0, 1), x, y));
        var withNaN = x.clone();
        withNaN[3, 4] = tensor(float.NaN);
        Assert.Throws<InvalidInputException>(() => SoundPoseCeiling.Measure(withNaN, y, x, y));
        Assert.Throws<InvalidInputException>(() => SoundPoseCeiling.Measure(x, y, x, y, new SoundPoseCeilingOptions { Epochs = 0 }));
        Assert.Throws<InvalidInputException>(() => SoundPoseCeiling.Measure(x, y, x, y, new SoundPoseCeilingOptions { Dropout = 1 }));
        Assert.Throws<InvalidInputException>(() => SoundPoseCeiling.Measure(x, y, x, y, new SoundPoseCeilingOptions { WeightDecay = double.NaN }));
    }

    [Fact]
    public void AParameterIsSetByTheSoundFromProbeR05AndUnknownWithoutAProbe()
    {
        Assert.True(new PoseParameterResult(0, "string", 0.9, 0.4, 0.1, 0.2, SoundR: 0.5).SetBySound);
        Assert.False(new PoseParameterResult(0, "bow position", 0.9, 0.1, 0.1, 0.2, SoundR: 0.17).SetBySound);
        Assert.Null(new PoseParameterResult(0, "bow position", 0.9, 0.1, 0.1, 0.2).SetBySound);
    }
}
