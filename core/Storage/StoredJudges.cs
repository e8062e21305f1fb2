using CrossModal.Core.Models;
using CrossModal.Core.Storage;

namespace CrossModal.Core.Storage;

/// <summary>Store conventions of the second, independent judges (trained apart from the recipe by <see cref="JudgeTraining"/>).</summary>
public static partial class StoredModels
{
    public const string ImageJudgeId = "judge-image";
    public const string SoundJudgeId = "judge-sound";
    public const string PoseJudgeId = "judge-pose";

    public static ModelManifest SaveImageJudge(string root, ImageJudge model, Provenance p) =>
        Save(root, ImageJudgeId, ModelKinds.ImageJudge, null, null, p, Config(model.Config), new() { [Model] = model });

    public static ModelManifest SaveSoundJudge(string root, SoundJudge model, Provenance p) =>
        Save(root, SoundJudgeId, ModelKinds.SoundJudge, null, null, p, Config(model.Config), new() { [Model] = model });

    public static ModelManifest SavePoseJudge(string root, PoseJudge model, Provenance p) =>
        Save(root, PoseJudgeId, ModelKinds.PoseJudge, null, null, p, Config(model.Config), new() { [Model] = model });

    public static (ImageJudge Model, ModelManifest Manifest) LoadImageJudge(string root, string id = ImageJudgeId)
    {
        var manifest = Manifest(root, id, ModelKinds.ImageJudge);
        var model = new ImageJudge(manifest.ConfigAs<ImageJudgeConfig>(NetworkConfig));
        return (LoadInto(root, id, ModelKinds.ImageJudge, model), manifest);
    }

    public static (SoundJudge Model, ModelManifest Manifest) LoadSoundJudge(string root, string id = SoundJudgeId)
    {
        var manifest = Manifest(root, id, ModelKinds.SoundJudge);
        var model = new SoundJudge(manifest.ConfigAs<SoundJudgeConfig>(NetworkConfig));
        return (LoadInto(root, id, ModelKinds.SoundJudge, model), manifest);
    }

    public static (PoseJudge Model, ModelManifest Manifest) LoadPoseJudge(string root, string id = PoseJudgeId)
    {
        var manifest = Manifest(root, id, ModelKinds.PoseJudge);
        var model = new PoseJudge(manifest.ConfigAs<PoseJudgeConfig>(NetworkConfig));
        return (LoadInto(root, id, ModelKinds.PoseJudge, model), manifest);
    }
}
