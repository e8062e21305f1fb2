using CrossModal.Core.Generation;
using CrossModal.Core.Models;
using CrossModal.Core.Storage;
using Store = CrossModal.Core.Storage.ModelStore;
using CrossModal.Core.Tests.Models;
using CrossModal.Core.Tests.Training;
using static TorchSharp.torch;

namespace CrossModal.Core.Tests.Generation;

public sealed class JudgeStoreTests : IDisposable
{
    readonly TempDir dir = new();
    static readonly StoredModels.Provenance Tiny = new("tiny", "test", 1, new Dictionary<string, double> { ["validation_accuracy"] = 0.5 });

    public void Dispose() => dir.Dispose();

    [Fact]
    public void SavedJudgesLoadThroughTheModelSetAndGiveTheSameOutputs()
    {
        var root = dir.Sub("models");
        manual_seed(3);
        using var image = new ImageJudge(JudgeNetworkTests.TinyImage);
        using var sound = new SoundJudge(JudgeNetworkTests.TinySound);
        // Batch-norm statistics other than the defaults, so that a lost buffer would show.
        image.train(); using (no_grad()) image.call(rand(4, 3, 64, 64)).Dispose();
        sound.train(); using (no_grad()) sound.call(rand(4, 1, 128, 44)).Dispose();
        image.eval(); sound.eval();
        var manifest = StoredModels.SaveImageJudge(root, image, Tiny);
        StoredModels.SaveSoundJudge(root, sound, Tiny);
        Assert.Equal((StoredModels.ImageJudgeId, ModelKinds.ImageJudge), (manifest.Id, manifest.Kind));

        using var set = ModelSet.Open(root);
        using var x = rand(2, 3, 64, 64) * 2 - 1;
        using var lms = rand(2, 1, 128, 44) * 2 - 1;
        using (inference_mode())
        {
            Assert.Equal(image.call(x).data<float>().ToArray(), set.ImageJudge.call(x).data<float>().ToArray());
            Assert.Equal(sound.Judge(lms).data<float>().ToArray(), set.SoundJudge.Judge(lms).data<float>().ToArray());
        }
        Assert.Same(set.ImageJudge, set.ImageJudge);
        Assert.Equal(0.5, set.Manifest(StoredModels.SoundJudgeId).Metrics["validation_accuracy"]);
        Assert.Contains(Store.List(root), m => m.Kind == ModelKinds.SoundJudge);
    }

    [Fact]
    public void ASavedPoseJudgeLoadsThroughTheModelSetAndReadsTheSame()
    {
        var root = dir.Sub("pose");
        manual_seed(5);
        using var judge = new PoseJudge(PoseJudgeTests.Tiny);
        judge.train(); using (no_grad()) judge.call(rand(4, 3, 64, 64)).Dispose();
        judge.eval();
        var manifest = StoredModels.SavePoseJudge(root, judge, Tiny);
        Assert.Equal((StoredModels.PoseJudgeId, ModelKinds.PoseJudge), (manifest.Id, manifest.Kind));
        using var set = ModelSet.Open(root);
        using var x = rand(2, 3, 64, 64) * 2 - 1;
        using (inference_mode())
            Assert.Equal(judge.call(x).data<float>().ToArray(), set.PoseJudge.call(x).data<float>().ToArray());
        Assert.Equal(PoseJudgeTests.Tiny.Widths, set.PoseJudge.Config.Widths);
        var empty = dir.Sub("none");
        Directory.CreateDirectory(empty);
        using var none = ModelSet.Open(empty);
        Assert.Contains("judge-pose", Assert.Throws<InvalidInputException>(() => none.PoseJudge).Message);
    }

    [Fact]
    public void AMissingOrWrongJudgeIsAClearError()
    {
        var root = dir.Sub("empty");
        Directory.CreateDirectory(root);
        using var set = ModelSet.Open(root);
        var image = Assert.Throws<InvalidInputException>(() => set.ImageJudge);
        Assert.Contains("judge-image", image.Message);
        var sound = Assert.Throws<InvalidInputException>(() => set.SoundJudge);
        Assert.Contains("judge-sound", sound.Message);

        // An image judge stored under the sound judge's id is the wrong kind.
        using var judge = new ImageJudge(JudgeNetworkTests.TinyImage);
        StoredModels.SaveImageJudge(root, judge, Tiny);
        Directory.Move(Path.Combine(root, StoredModels.ImageJudgeId), Path.Combine(root, StoredModels.SoundJudgeId));
        var wrong = Assert.Throws<InvalidInputException>(() => set.SoundJudge);
        Assert.Contains("image-judge", wrong.Message);
    }
}
