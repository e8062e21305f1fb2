using CrossModal.Core.Evaluation;
using CrossModal.Core.Models;
using CrossModal.Core.Tests.Models;
using CrossModal.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Training;

/// <summary>The pose models' pose teacher: trained supervised on real frames, then frozen, and held G to. Serial: it seeds torch's global generator.</summary>
[Collection(SerialTrainingCollection.Name)]
public class PoseTeacherTests
{
    /// <summary>Wider than <see cref="TinyConfigs.Gan"/>: with 2 filters D's trunk cannot read two parameters at once.</summary>
    private static GanConfig Config => TinyConfigs.Gan with { GeneratorFilters = 8, DiscriminatorFilters = 8 };

    /// <summary>32 frames whose two pose parameters are the frame's brightness and its redness, both in [0, 1] (what a shift does not change).</summary>
    private static (Tensor Images, Tensor Poses) Frames()
    {
        var random = new Generator(3);
        var poses = rand([32, 2], generator: random);
        var noise = rand([32, 3, 64, 64], generator: random) * 0.2 - 0.1;
        var level = poses[.., 0].reshape(32, 1, 1, 1) * 1.4 - 0.7;
        var red = (poses[.., 1].reshape(32, 1, 1, 1) * 1.4 - 0.7) * tensor(new float[] { 1, 0, 0 }).reshape(1, 3, 1, 1);
        return ((level + red + noise).clamp(-1, 1), poses);
    }

    [Fact]
    public void TheTeacherLearnsToReadThePoseOfRealFramesAndComesBackFrozen()
    {
        var (images, poses) = Frames();
        using var teacher = PoseTeacher.Train(Config, images, poses, seed: 5);
        double?[] r;
        using (no_grad()) r = PoseCorrelation.PerParameter(PoseRegressorTrainer.Rows(teacher.ReadPose(images)), PoseRegressorTrainer.Rows(poses));
        Assert.All(r, value => Assert.True(value > 0.9, $"the teacher reads its frames at r {string.Join(", ", r)}"));
        Assert.False(teacher.training);
        Assert.All(teacher.parameters(), p => Assert.False(p.requires_grad));
        // The same seed, the same teacher.
        using var again = PoseTeacher.Train(Config, images, poses, seed: 5);
        Assert.All(teacher.parameters().Zip(again.parameters()), p => Assert.Equal(p.First.data<float>().ToArray(), p.Second.data<float>().ToArray()));
        Assert.Throws<InvalidInputException>(() => PoseTeacher.Train(Config, images, poses[..5], seed: 5));
    }

    [Fact]
    public void TheGeneratorIsHeldToTheTeachersReadingAndTheTeacherDoesNotMove()
    {
        // One parameter, the frame's brightness: what a unit-sized G can learn to draw in a few epochs.
        var poses = rand([32, 1], generator: new Generator(3));
        var images = (poses.reshape(32, 1, 1, 1) * 1.4 - 0.7).expand(32, 3, 64, 64).clone();
        using var teacher = PoseTeacher.Train(Config, images, poses, seed: 5);
        var teacherBefore = teacher.parameters().Select(p => p.clone()).ToList();
        // The condition carries the pose (as the pitch features carry the note's): G can learn to draw it.
        var conditions = cat([poses * 4 - 2, randn([32, 127], generator: new Generator(4)) * 0.1], 1);
        var labels = Enumerable.Repeat(0, 32).ToArray();
        var pieces = Enumerable.Range(0, 32).ToArray();
        using var data = new GanTrainingData(conditions, images.clone(), labels, pieces, poses: poses.clone());
        var options = new GanTrainingOptions { Epochs = 30, BatchSize = 8, Seed = 7, LearningRate = 1e-3, WrongPairs = WrongPairRule.SameInstrumentOtherFrame };
        // G's samples with batch statistics, as the term saw them in training.
        Tensor TeacherError(ConditionalGenerator g)
        {
            g.train();
            using var _ = no_grad();
            return GanLosses.AuxiliaryPose(teacher.ReadPose(g.call(conditions, randn([32, g.NoiseSize], generator: new Generator(9)))), poses);
        }

        manual_seed(21);
        var (g, d) = (new S2IGenerator(Config), new S2IDiscriminator(Config));
        // Weight 100: at these sizes D's gradient outweighs the teacher's by far (weight 10 moved the error by 5 %).
        new GanTrainer(g, d, options with { PoseTeacherWeight = 100 }) { PoseTeacher = teacher }.Train(data);
        manual_seed(21);
        var (g0, d0) = (new S2IGenerator(Config), new S2IDiscriminator(Config));
        new GanTrainer(g0, d0, options).Train(data);
        using var held = TeacherError(g);
        using var free = TeacherError(g0);
        Assert.True(held.item<float>() < free.item<float>() * 0.7, $"teacher's error on G's samples: {held.item<float>()} with the term, {free.item<float>()} without");
        Assert.All(teacher.parameters().Zip(teacherBefore), p => Assert.Equal(p.Second.data<float>().ToArray(), p.First.data<float>().ToArray()));

        var (g2, d2) = (new S2IGenerator(Config), new S2IDiscriminator(Config));
        Assert.Contains("pose teacher", Assert.Throws<InvalidInputException>(() => new GanTrainer(g2, d2, options with { PoseTeacherWeight = 1 }).Train(data)).Message);
        using var wide = new S2IDiscriminator(Config, poseParameters: 3);
        Assert.Contains("1 per pair", Assert.Throws<InvalidInputException>(() =>
            new GanTrainer(g2, d2, options with { PoseTeacherWeight = 1 }) { PoseTeacher = wide }.Train(data)).Message);
        Assert.Throws<InvalidInputException>(() => (options with { PoseTeacherWeight = -1 }).Validate());
    }

    /// <summary>Reads nothing (pose 0.5) and records, per image it is given, how many of its border rows and columns are exactly zero.</summary>
    private sealed class BorderSpy : IPoseReader
    {
        public readonly List<int> ZeroBorders = [];
        public int PoseParameters => 1;
        public Tensor ReadPose(Tensor images)
        {
            using (no_grad())
            {
                var zero = images.detach().abs().amax([1]).eq(0); // [N, H, W]: no channel differs from 0
                var rows = zero.all(2).to_type(ScalarType.Int64).sum([1]);
                var columns = zero.all(1).to_type(ScalarType.Int64).sum([1]);
                ZeroBorders.AddRange((rows + columns).data<long>().ToArray().Select(v => (int)v));
            }
            return images.mean([1, 2, 3]).unsqueeze(1) * 0 + 0.5;
        }
    }

    [Fact]
    public void WithShiftsTheTeacherReadsGsSamplesShiftedByUpToSixPixelsAndOtherwiseAsDrawn()
    {
        var poses = rand([16, 1], generator: new Generator(3));
        var images = (poses.reshape(16, 1, 1, 1) * 1.4 - 0.7).expand(16, 3, 64, 64).clone();
        var conditions = randn([16, 128], generator: new Generator(4));
        using var data = new GanTrainingData(conditions, images, Enumerable.Repeat(0, 16).ToArray(), Enumerable.Range(0, 16).ToArray(), poses: poses.clone());
        var options = new GanTrainingOptions { Epochs = 2, BatchSize = 8, Seed = 7, PoseTeacherWeight = 1, WrongPairs = WrongPairRule.SameInstrumentOtherFrame };

        List<int> Borders(GanTrainingOptions o)
        {
            var spy = new BorderSpy();
            manual_seed(21);
            new GanTrainer(new S2IGenerator(Config), new S2IDiscriminator(Config), o) { PoseTeacher = spy }.Train(data);
            return spy.ZeroBorders;
        }

        // G's tanh output is never exactly 0 along a whole row: as drawn, no zero border; shifted, the vacated rows and
        // columns are zero-filled, at most 6 of each per image, and most images move.
        var asDrawn = Borders(options);
        Assert.All(asDrawn, b => Assert.Equal(0, b));
        var shifted = Borders(options with { PoseTeacherShifts = true });
        Assert.Equal(asDrawn.Count, shifted.Count);
        Assert.All(shifted, b => Assert.InRange(b, 0, 12));
        Assert.True(shifted.Count(b => b > 0) > shifted.Count / 2, $"zero borders per image: {string.Join(",", shifted)}");
        Assert.Equal(shifted, Borders(options with { PoseTeacherShifts = true }));   // the run's own stream: the same shifts again
        Assert.Throws<InvalidInputException>(() => (options with { PoseTeacherWeight = 0, PoseTeacherShifts = true }).Validate());
    }
}
