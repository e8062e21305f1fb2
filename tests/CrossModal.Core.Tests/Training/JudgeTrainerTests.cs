using CrossModal.Core.Evaluation;
using CrossModal.Core.Models;
using CrossModal.Core.Tests.Models;
using CrossModal.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Training;

[Collection(SerialTrainingCollection.Name)]
public class JudgeTrainerTests
{
    /// <summary>
    /// Class 0: a horizontal bar, class 1: a vertical bar, each in a random light colour on a random dark background —
    /// separable by shape only (and by luma contrast, which the colour jitter keeps), never by colour.
    /// </summary>
    static (Tensor Images, int[] Labels) Bars(int n, ulong seed)
    {
        using var gen = new Generator(seed);
        var labels = Enumerable.Range(0, n).Select(i => i % 2).ToArray();
        var images = (rand([n, 3, 1, 1], generator: gen) * 0.4 - 0.9).expand(n, 3, 64, 64).clone();
        var colours = rand([n, 3], generator: gen) * 0.6 + 0.3;
        for (var i = 0; i < n; i++)
        {
            var at = 20 + (int)(rand([1], generator: gen).item<float>() * 24);
            var bar = labels[i] == 0
                ? images[i].narrow(1, at - 4, 8).narrow(2, 8, 48)
                : images[i].narrow(2, at - 4, 8).narrow(1, 8, 48);
            bar.copy_(colours[i].reshape(3, 1, 1).expand_as(bar));
        }
        return (images, labels);
    }

    /// <summary>
    /// Class k of 2: fine lines (every other mel band, at a random phase) in its own frequency range over a flat floor.
    /// Their class mean has no lines, and blurring washes them out: both are "not real" and must be refused.
    /// </summary>
    static (Tensor Lms, int[] Labels) Lines(int n, ulong seed)
    {
        using var gen = new Generator(seed);
        var labels = Enumerable.Range(0, n).Select(i => i % 2).ToArray();
        var lms = full([n, 1, 128, 44], -0.6f) + randn([n, 1, 128, 44], generator: gen) * 0.03;
        for (var i = 0; i < n; i++)
        {
            var phase = rand([1], generator: gen).item<float>() < 0.5 ? 0 : 1;
            for (var band = 16 + labels[i] * 56 + phase; band < 56 + labels[i] * 56; band += 2)
                lms[i, 0, band] += 0.8;
        }
        return (lms, labels);
    }

    /// <summary>One epoch from the same initial weights: seed 3 twice gives the same weights, seed 4 others.</summary>
    static void SameSeedSameWeights<T>(Func<T> make, Action<T, long> train) where T : nn.Module
    {
        float[] Train(long seed)
        {
            manual_seed(5);
            using var m = make();
            train(m, seed);
            return m.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray();
        }
        Assert.Equal(Train(3), Train(3));
        Assert.NotEqual(Train(3), Train(4));
    }

    [Fact]
    public void ImageJudgeLearnsShapeWhenColourIsTakenAwayAndIsSeeded()
    {
        var (x, labels) = Bars(64, 1);
        var (test, testLabels) = Bars(32, 2);
        manual_seed(1);
        using var judge = new ImageJudge(JudgeNetworkTests.TinyImage);
        var options = new ClassifierTrainingOptions { Epochs = 20, BatchSize = 16, LearningRate = 1e-2, Seed = 1, CosineDecay = true };
        var reports = new List<TrainingProgress>();
        new ImageJudgeTrainer(judge, options).Train(x, labels, new InlineProgress<TrainingProgress>(reports.Add));
        Assert.Equal(20, reports.Count(r => r.EpochCompleted));
        Assert.All(reports, r => Assert.Equal(ImageJudgeTrainer.Phase, r.Phase));
        var metrics = JudgeMetrics.Image(judge, test, testLabels);
        Assert.True(metrics["accuracy"] >= 0.9, $"held-out accuracy {metrics["accuracy"]}");
        Assert.True(metrics["accuracy_greyscale"] >= 0.9, $"greyscale accuracy {metrics["accuracy_greyscale"]}");
        Assert.True(metrics["accuracy_hue_rotated"] >= 0.9, $"hue-rotated accuracy {metrics["accuracy_hue_rotated"]}");

        SameSeedSameWeights(() => new ImageJudge(JudgeNetworkTests.TinyImage),
            (m, seed) => new ImageJudgeTrainer(m, options with { Epochs = 1, Seed = seed }).Train(x, labels));
        Assert.Throws<InvalidInputException>(() => new ImageJudgeTrainer(judge, options).Train(x, [0, 1]));
        Assert.Throws<InvalidInputException>(() => new ImageJudgeTrainer(judge, options with { CheckpointDirectory = "x" }).Train(x, labels));
    }

    [Fact]
    public void SoundJudgeLearnsInstrumentsAndRefusesClassAveragesAndBlurAndIsSeeded()
    {
        var (x, labels) = Lines(64, 1);
        var (test, testLabels) = Lines(32, 2);
        manual_seed(1);
        using var judge = new SoundJudge(JudgeNetworkTests.TinySound);
        var options = new ClassifierTrainingOptions { Epochs = 12, BatchSize = 16, LearningRate = 1e-2, Seed = 1, CosineDecay = true };
        new SoundJudgeTrainer(judge, options) { NegativeShare = 0.5 }.Train(x, labels);
        var metrics = JudgeMetrics.Sound(judge, test, testLabels, seed: 1);
        Assert.True(metrics["accuracy"] >= 0.9, $"held-out accuracy {metrics["accuracy"]}");
        Assert.True(metrics["refused_blurred"] >= 0.8, $"blurred refused {metrics["refused_blurred"]}");
        Assert.True(metrics["refused_shaped_noise"] >= 0.8, $"shaped noise refused {metrics["refused_shaped_noise"]}");
        Assert.True(metrics["shaped_noise_labelled_as_its_instrument"] <= 1 - metrics["refused_shaped_noise"] + 1e-9);

        SameSeedSameWeights(() => new SoundJudge(JudgeNetworkTests.TinySound),
            (m, seed) => new SoundJudgeTrainer(m, options with { Epochs = 1, Seed = seed }).Train(x, labels));
        Assert.Throws<InvalidInputException>(() => new SoundJudgeTrainer(judge, options).Train(x, labels.Select(_ => 13).ToArray()));
    }

    [Fact]
    public void NegativesFollowTheRealRowsAndAreLabelledRefused()
    {
        var (x, labels) = Lines(8, 3);
        using var targets = tensor(labels.Select(l => (long)l).ToArray());
        using var means = SoundJudgeNegatives.ClassMeans(x, labels, SoundJudge.RefusedClass);
        using var gen = new Generator(1);
        long[] rows = [7, 2, 5, 0, 1, 3];
        var trainer = new SoundJudgeTrainer(new SoundJudge(JudgeNetworkTests.TinySound), new ClassifierTrainingOptions()) { NegativeShare = 0.5 };
        var (inputs, y) = trainer.WithNegatives(x, targets, labels, rows, means, gen);
        // 6 real rows, then round(6 * 0.5 / 2) = 2 shaped-noise and 2 blurred negatives.
        Assert.Equal(new long[] { 10, 1, 128, 44 }, inputs.shape);
        Assert.Equal(rows.Select(r => (long)labels[r]).Concat(Enumerable.Repeat((long)SoundJudge.RefusedClass, 4)), y.data<long>().ToArray());
        Assert.Equal(x[7].data<float>().ToArray(), inputs[0].data<float>().ToArray());
        Assert.True(inputs.min().item<float>() >= -1 && inputs.max().item<float>() <= 1);
    }

    [Fact]
    public void ClassMeansShapedNoiseAndBlurDoWhatTheySay()
    {
        using var lms = tensor(new float[] { 0, 2, 4, 10 }, [4, 1, 1, 1]).expand(4, 1, 16, 16).contiguous();
        using var means = SoundJudgeNegatives.ClassMeans(lms, [0, 0, 1, 1], 3);
        Assert.Equal(new[] { 1f, 7f, 0f }, means.select(3, 0).select(2, 0).select(1, 0).data<float>().ToArray());

        using var gen = new Generator(2);
        using var flat = full([2, 1, 128, 44], -0.2f);
        using var classMean = flat.narrow(0, 0, 1).clone();
        using var noise = SoundJudgeNegatives.ShapedNoise(classMean, [0, 0, 0, 0, 0, 0, 0, 0], gen);
        Assert.Equal(new long[] { 8, 1, 128, 44 }, noise.shape);
        Assert.Equal(-0.2, noise.mean().item<float>(), 2);
        var sd = noise.std().item<float>();
        Assert.InRange(sd, SoundJudgeNegatives.MinNoise * 0.8, SoundJudgeNegatives.MaxNoise * 1.2);

        // Alternate bands on/off: a blur over at least 7 bands leaves almost no line.
        using var lines = zeros(1, 1, 128, 44);
        for (var band = 0; band < 128; band += 2) lines[0, 0, band] += 1;
        using var blurred = SoundJudgeNegatives.Blurred(lines, gen);
        using var centre = blurred.narrow(2, 16, 96);
        Assert.True((centre.max() - centre.min()).item<float>() < 0.2);
        Assert.Equal(lines.shape, blurred.shape);
        Assert.Throws<InvalidInputException>(() => SoundJudgeNegatives.ClassMeans(lms, [0, 5, 1, 1], 3));
        Assert.Throws<InvalidInputException>(() => SoundJudgeNegatives.ShapedNoise(means, [3], gen));
    }
}
