using CrossModal.Core.Models;
using CrossModal.Core.Storage;

namespace CrossModal.Core.Storage;

public static partial class StoredModels
{
    /// <summary>The pose regressor as the pose models' judge (<see cref="PoseRegressorId"/>) or as a pose teacher of its kind (<see cref="PoseTeacherId"/>).</summary>
    public static ModelManifest SavePoseRegressor(string root, PoseRegressor model, Provenance p, string id = PoseRegressorId) =>
        Save(root, id, ModelKinds.PoseRegressor, null, null, p, Config(model.Config), new() { [Model] = model });

    public static (PoseRegressor Model, ModelManifest Manifest) LoadPoseRegressor(string root, string id = PoseRegressorId)
    {
        var manifest = Manifest(root, id, ModelKinds.PoseRegressor);
        var model = new PoseRegressor(manifest.ConfigAs<PoseRegressorConfig>(NetworkConfig));
        return (LoadInto(root, id, ModelKinds.PoseRegressor, model), manifest);
    }
}
