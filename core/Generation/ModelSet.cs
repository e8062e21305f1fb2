using CrossModal.Core.Models;
using CrossModal.Core.Runtime;
using CrossModal.Core.Storage;
using TorchSharp;

namespace CrossModal.Core.Generation;

/// <summary>
/// A trained model set (a model store root, as the training recipe writes it) opened once and kept for a
/// process's lifetime: each network is verified (manifest, SHA-256 of its weights, kind, shape), loaded the first
/// time it is asked for and moved to the set's device (<see cref="Placement"/>), then shared. Thread-safe; loading failures are not cached, so a model copied in
/// later is picked up. Every failure is an <see cref="InvalidInputException"/> naming the model id and folder.
/// </summary>
public sealed class ModelSet : IDisposable
{
    readonly object gate = new();
    readonly Dictionary<string, object> loaded = new();
    readonly List<IDisposable> owned = [];
    bool disposed;

    ModelSet(string root, DevicePlacement placement) => (Root, Placement) = (root, placement);

    /// <summary>The model store root (absolute).</summary>
    public string Root { get; }

    /// <summary>
    /// Where the set's networks compute: each is moved there when loaded, and inference (<see cref="SoundToImagePipeline"/>,
    /// <see cref="ImageToSound"/>, <see cref="SoundToImage"/>) puts its input tensors there and takes its results back to the CPU.
    /// </summary>
    public DevicePlacement Placement { get; }

    /// <summary>Opens the folder; nothing is loaded until asked for. Without <paramref name="placement"/> everything stays on the CPU.</summary>
    public static ModelSet Open(string root, DevicePlacement? placement = null)
    {
        if (string.IsNullOrWhiteSpace(root)) throw new InvalidInputException("no model folder given.");
        var full = Path.GetFullPath(root);
        if (!Directory.Exists(full)) throw new InvalidInputException($"model folder '{full}' does not exist.");
        return new ModelSet(full, placement ?? DevicePlacement.Cpu);
    }

    /// <summary>Whether the set holds a model folder of this id (not yet verified).</summary>
    public bool Has(string id) => ModelStore.Holds(Root, id);

    /// <summary>The verified manifest of model <paramref name="id"/>.</summary>
    public ModelManifest Manifest(string id) => Get($"manifest:{id}", id, () => ModelStore.Verify(Path.Combine(Root, id)));

    /// <summary>The sound classifier (judge of I2S and of real sound); it takes unit-scaled LMS (<see cref="SoundInput.ToUnit"/>).</summary>
    public SoundClassifier SoundClassifier => SoundClassifierOf(StoredModels.SoundEncoderId);

    /// <summary>The image classifier (judge of S2I and encoder of I2S); it takes images in [-1, 1].</summary>
    public ImageClassifier ImageClassifier => Get($"model:{StoredModels.ImageEncoderId}", StoredModels.ImageEncoderId,
        () => Own(StoredModels.LoadImageEncoder(Root).Model));

    /// <summary>
    /// The second, independent image judge (model <c>judge-image</c>); it takes images in [-1, 1] like
    /// <see cref="ImageClassifier"/>. An <see cref="InvalidInputException"/> when the set has none.
    /// </summary>
    public ImageJudge ImageJudge => Get($"model:{StoredModels.ImageJudgeId}", StoredModels.ImageJudgeId,
        () => Own(StoredModels.LoadImageJudge(Root).Model));

    /// <summary>
    /// The second, independent sound judge (model <c>judge-sound</c>): unit-scaled LMS (<see cref="SoundInput.ToUnit"/>)
    /// in, 14 logits out, the last being <see cref="Models.SoundJudge.RefusedClass"/>. An <see cref="InvalidInputException"/>
    /// when the set has none.
    /// </summary>
    public SoundJudge SoundJudge => Get($"model:{StoredModels.SoundJudgeId}", StoredModels.SoundJudgeId,
        () => Own(StoredModels.LoadSoundJudge(Root).Model));

    /// <summary>
    /// The pose regressor (model <c>pose-regressor</c>), the pose models' judge: 64x64 images in [-1, 1] in, each
    /// instrument's four pose parameters out. An <see cref="InvalidInputException"/> when the set has none.
    /// </summary>
    public PoseRegressor PoseRegressor => Get($"model:{StoredModels.PoseRegressorId}", StoredModels.PoseRegressorId,
        () => Own(StoredModels.LoadPoseRegressor(Root).Model));

    /// <summary>
    /// The second, independent pose judge (model <c>judge-pose</c>): another architecture than the pose regressor, read
    /// beside it. An <see cref="InvalidInputException"/> when the set has none.
    /// </summary>
    public PoseJudge PoseJudge => Get($"model:{StoredModels.PoseJudgeId}", StoredModels.PoseJudgeId,
        () => Own(StoredModels.LoadPoseJudge(Root).Model));

    /// <summary>
    /// The encoder whose embeddings condition a GAN, as its manifest names it: sound encoders (classifier or
    /// autoencoder) wrapped to take LMS in dB, the image encoder as is (images in [-1, 1]).
    /// </summary>
    public IEmbedder ConditionEncoder(string encoderId) => Get($"embedder:{encoderId}", encoderId, () =>
    {
        var kind = ModelStore.Verify(Path.Combine(Root, encoderId)).Kind;
        return kind switch
        {
            ModelKinds.SoundEncoder => (IEmbedder)Own(new UnitLmsEmbedder(SoundClassifierOf(encoderId))),
            ModelKinds.Autoencoder => Own(new UnitLmsEmbedder(Own(StoredModels.LoadAutoencoder(Root, encoderId).Model))),
            ModelKinds.ImageEncoder => Own(StoredModels.LoadImageEncoder(Root, encoderId).Model),
            _ => throw new ModelStoreException($"model '{encoderId}' is a {kind} model, not an encoder"),
        };
    });

    /// <summary>A sound encoder's embedding with the pitch and onset features appended (<see cref="PitchOnsetEmbedder"/>): the pose models' condition.</summary>
    IEmbedder PitchOnsetCondition(string encoderId) => Get($"embedder:{encoderId}+{PitchOnsetEmbedder.Name}", encoderId, () =>
        ConditionEncoder(encoderId) is var inner && ModelStore.Verify(Path.Combine(Root, encoderId)).Kind == ModelKinds.SoundEncoder
            ? (IEmbedder)Own(new PitchOnsetEmbedder(inner))
            : throw new ModelStoreException($"pitch and onset features need a sound encoder, and '{encoderId}' is not one"));

    /// <summary>A GAN's generator with its manifest and the (checked) encoder of its conditions.</summary>
    public LoadedGenerator Generator(string id) => Get($"generator:{id}", id, () =>
    {
        var (generator, manifest) = StoredModels.LoadGenerator(Root, id);
        Own(generator);
        var encoderId = StoredModels.ConditionEncoderOf(manifest);
        var encoder = StoredModels.ConditionFeaturesOf(manifest) is null ? ConditionEncoder(encoderId) : PitchOnsetCondition(encoderId);
        if (encoder.EmbeddingSize != generator.EmbeddingSize)
            throw new ModelStoreException(
                $"model '{id}' takes {generator.EmbeddingSize}-d conditions but its encoder '{encoderId}' gives {encoder.EmbeddingSize}-d embeddings");
        return new LoadedGenerator(id, generator, manifest, encoderId, encoder, Placement);
    });

    SoundClassifier SoundClassifierOf(string id) => Get($"model:{id}", id, () => Own(StoredModels.LoadSoundEncoder(Root, id).Model));

    /// <summary>
    /// Moves a loaded module to the set's device and keeps it until the set is disposed. A model is loaded on first use,
    /// which may be under a caller's dispose scope (core's generation opens one per call; a service's torch worker runs
    /// every item in one): its parameters and buffers are taken out of that scope, or the scope's end would free the
    /// weights of a cached model (it did: a generator first loaded inside ImageToSound.FromPixels failed its next call
    /// with "Tensor invalid"). The move comes first because it replaces the parameters with tensors on the device.
    /// </summary>
    T Own<T>(T module) where T : IDisposable
    {
        if (module is TorchSharp.torch.nn.Module network)
        {
            Placement.Module(network);
            foreach (var p in network.parameters()) p.DetachFromDisposeScope();
            foreach (var b in network.buffers()) b.DetachFromDisposeScope();
        }
        owned.Add(module);
        return module;
    }

    /// <summary>Loads under one lock (loads are short and rare; inference runs outside it) and caches successes only.</summary>
    T Get<T>(string key, string id, Func<T> load) where T : notnull
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (loaded.TryGetValue(key, out var cached)) return (T)cached;
            if (!Directory.Exists(Path.Combine(Root, id)))
                throw new InvalidInputException($"model set '{Root}' has no model '{id}' (no folder {Path.Combine(Root, id)}).");
            try
            {
                var value = load();
                loaded[key] = value;
                return value;
            }
            catch (ModelStoreException e)
            {
                throw new InvalidInputException($"model '{id}' in '{Root}' cannot be used: {e.Message}", e);
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
            foreach (var m in owned) m.Dispose();
            owned.Clear();
            loaded.Clear();
        }
    }
}

/// <summary>
/// A loaded generator, the id of the encoder that made its training conditions, that encoder, and the device both
/// compute on (its set's <see cref="ModelSet.Placement"/>).
/// </summary>
public sealed record LoadedGenerator(string Id, Models.ConditionalGenerator Network, ModelManifest Manifest, string EncoderId, IEmbedder Encoder,
    DevicePlacement Placement)
{
    /// <summary>Refuses a condition embedding given from outside that the generator cannot take: the wrong size, a NaN or infinity.</summary>
    public void RequireEmbedding(float[] embedding)
    {
        if (embedding.Length != Network.EmbeddingSize)
            throw new InvalidInputException($"model '{Id}' takes a {Network.EmbeddingSize}-d embedding, got {embedding.Length} values.");
        if (embedding.Any(v => !float.IsFinite(v))) throw new InvalidInputException("the embedding contains NaN or infinite values.");
    }
}
