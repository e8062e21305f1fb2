using CrossModal.Core.Models;
using CrossModal.Core.Tests.Training;
using CrossModal.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Pose;

public class PoseRegressorTrainerTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>
    /// A learnable toy problem: pose_0 is the image's brightness for instrument 0 and its darkness for
    /// instrument 1 (so the heads must differ), pose_1 the red-minus-blue balance, pose_2 and pose_3 constants.
    /// </summary>
    private static (Tensor Images, int[] Instruments, Tensor Pose) Toy(int n, int seed)
    {
        var rng = new Random(seed);
        var images = new float[n * 3 * 64 * 64];
        var pose = new float[n * 4];
        var instruments = new int[n];
        for (var i = 0; i < n; i++)
        {
            double brightness = rng.NextDouble(), balance = rng.NextDouble();
            instruments[i] = i % 2;
            for (var c = 0; c < 3; c++)
            {
                var level = 2 * brightness - 1 + (c == 0 ? 0.3 : c == 2 ? -0.3 : 0) * (2 * balance - 1);
                for (var p = 0; p < 64 * 64; p++)
                    images[(i * 3 + c) * 4096 + p] = (float)Math.Clamp(level + 0.1 * (rng.NextDouble() - 0.5), -1, 1);
            }
            pose[i * 4] = (float)(instruments[i] == 0 ? brightness : 1 - brightness);
            pose[i * 4 + 1] = (float)balance;
            pose[i * 4 + 2] = 0.25f;
            pose[i * 4 + 3] = 0.75f;
        }
        return (tensor(images).view(n, 3, 64, 64), instruments, tensor(pose).view(n, 4));
    }

    [Fact]
    public void TrainingLearnsAToyPoseAndReportsPerParameterError()
    {
        var (images, instruments, pose) = Toy(96, 1);
        torch.manual_seed(3);
        using var model = new PoseRegressor(PoseRegressorTests.Tiny(instruments: 2));
        var before = PoseRegressorTrainer.MeanAbsoluteError(model, images, instruments, pose);
        var epochs = new List<int>();
        var losses = new PoseRegressorTrainer(model, new PoseRegressorTrainingOptions { Epochs = 25, BatchSize = 16, LearningRate = 3e-3 })
            .Train(images, instruments, pose, new SyncProgress(p => { if (p.EpochCompleted) epochs.Add(p.Epoch); }));
        Assert.Equal(25, losses.Length);
        Assert.Equal(Enumerable.Range(1, 25), epochs);
        Assert.All(losses, l => Assert.True(double.IsFinite(l) && l >= 0));
        Assert.True(losses[^1] < losses[0] / 4, $"loss went from {losses[0]} to {losses[^1]}");

        var (testImages, testInstruments, testPose) = Toy(40, 2);
        var after = PoseRegressorTrainer.MeanAbsoluteError(model, testImages, testInstruments, testPose);
        Assert.Equal(4, after.Length);
        output.WriteLine($"loss {losses[0]:F4} → {losses[^1]:F4}; test MAE before {string.Join(", ", before.Select(v => v.ToString("F3")))}, after {string.Join(", ", after.Select(v => v.ToString("F3")))}");
        // Brightness → pose_0 with opposite signs per instrument, on unseen images.
        Assert.True(after[0] < 0.1 && after[0] < before[0] / 2, $"pose_0 MAE {before[0]:F3} → {after[0]:F3}");
        Assert.True(after[2] < 0.1 && after[3] < 0.1, $"constants: {after[2]:F3}, {after[3]:F3}");
    }

    [Fact]
    public void IsDeterministicForFixedWeightsSeedAndThreads()
    {
        var (images, instruments, pose) = Toy(24, 5);
        using var a = new PoseRegressor(PoseRegressorTests.Tiny(instruments: 2));
        using var b = new PoseRegressor(PoseRegressorTests.Tiny(instruments: 2));
        using (no_grad())
            foreach (var ((_, pa), (_, pb)) in a.named_parameters().Zip(b.named_parameters())) pb.copy_(pa);
        var options = new PoseRegressorTrainingOptions { Epochs = 3, BatchSize = 8, Seed = 4 };
        var la = new PoseRegressorTrainer(a, options).Train(images, instruments, pose);
        var lb = new PoseRegressorTrainer(b, options).Train(images, instruments, pose);
        Assert.Equal(la, lb);
        foreach (var ((name, pa), (_, pb)) in a.named_parameters().Zip(b.named_parameters()))
            Assert.True(pa.Equals(pb), $"{name} differs");

        // Another seed shuffles differently, so training takes another path.
        using var c = new PoseRegressor(PoseRegressorTests.Tiny(instruments: 2));
        using (no_grad())
            foreach (var ((_, pb), (_, pc)) in b.named_parameters().Zip(c.named_parameters())) pc.copy_(pb);
        var lc = new PoseRegressorTrainer(c, options with { Seed = 5 }).Train(images, instruments, pose);
        Assert.NotEqual(lb[1..], lc[1..]);
    }

    [Fact]
    public void BadInputIsRefusedBeforeAnyStep()
    {
        var (images, instruments, pose) = Toy(8, 7);
        using var model = new PoseRegressor(PoseRegressorTests.Tiny(instruments: 2));
        var before = model.parameters().Select(p => p.clone()).ToArray();
        var trainer = new PoseRegressorTrainer(model, new PoseRegressorTrainingOptions { Epochs = 1, BatchSize = 4 });

        using var nanImages = images.clone();
        nanImages[3, 1, 10, 10] = tensor(float.NaN);
        Assert.Contains("NaN", Assert.Throws<InvalidInputException>(() => trainer.Train(nanImages, instruments, pose)).Message);
        using var nanPose = pose.clone();
        nanPose[2, 0] = tensor(float.NaN);
        Assert.Throws<InvalidInputException>(() => trainer.Train(images, instruments, nanPose));
        using var outside = pose.clone();
        outside[1, 3] = tensor(1.5f);
        Assert.Contains("[0, 1]", Assert.Throws<InvalidInputException>(() => trainer.Train(images, instruments, outside)).Message);
        Assert.Throws<InvalidInputException>(() => trainer.Train(images, instruments[..5], pose));
        Assert.Throws<InvalidInputException>(() => trainer.Train(images, instruments.Select(_ => 2).ToArray(), pose));
        Assert.Throws<InvalidInputException>(() => trainer.Train(images, instruments, pose.narrow(1, 0, 3)));
        Assert.Throws<InvalidInputException>(() => new PoseRegressorTrainer(model, new PoseRegressorTrainingOptions { BatchSize = 1 }).Train(images, instruments, pose));
        Assert.Throws<InvalidInputException>(() => new PoseRegressorTrainer(model, new PoseRegressorTrainingOptions { LearningRate = double.NaN }).Train(images, instruments, pose));
        Assert.Throws<InvalidInputException>(() => PoseRegressorTrainer.MeanAbsoluteError(model, nanImages, instruments, pose));
        foreach (var (p, q) in model.parameters().Zip(before)) Assert.True(p.Equals(q), "a refused call changed the weights");
    }

    [Fact]
    public void DivergenceStopsTraining()
    {
        var (images, instruments, pose) = Toy(8, 9);
        using var model = new PoseRegressor(PoseRegressorTests.Tiny(instruments: 2));
        using (no_grad()) model.parameters().First().fill_(float.NaN); // poisoned weights, clean inputs
        Assert.Throws<TrainingDivergedException>(() =>
            new PoseRegressorTrainer(model, new PoseRegressorTrainingOptions { Epochs = 1, BatchSize = 4 }).Train(images, instruments, pose));
    }
}
