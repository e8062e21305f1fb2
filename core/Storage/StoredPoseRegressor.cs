using CrossModal.Core.Models;
using CrossModal.Core.Storage;

namespace CrossModal.Core.Storage;

public static partial class StoredModels
{
    public static ModelManifest SavePoseRegressor(string root, PoseRegressor model, Provenance p) =>
        Save(root, PoseRegressorId, ModelKinds.PoseRegressor, null, null, p, Config(model.Config), new() { [Model] = model });

    public static (PoseRegressor Model, ModelManifest Manifest) LoadPoseRegressor(string root, string id = PoseRegressorId)
    {
        var manifest = Manifest(root, id, ModelKinds.PoseRegressor);
        var model = new PoseRegressor(manifest.ConfigAs<PoseRegressorConfig>(NetworkConfig));
        return (LoadInto(root, id, ModelKinds.PoseRegressor, model), manifest);
    }
}
