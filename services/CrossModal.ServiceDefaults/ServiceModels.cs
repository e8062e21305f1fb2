using System.Text.RegularExpressions;
using CrossModal.Core;
using CrossModal.Core.Models;
using CrossModal.Core.Pipelines;
using CrossModal.Core.Runtime;
using CrossModal.Core.Storage;
using TorchSharp;
using static TorchSharp.torch;

namespace CrossModal.ServiceDefaults;

/// <summary>A GAN generator ready to serve: its manifest, and the encoder (taking LMS in dB, or images in [-1, 1]) of its conditions.</summary>
public sealed record ServedGenerator(string Id, ConditionalGenerator Network, ModelManifest Manifest, string EncoderId, IEmbedder Encoder);

/// <summary>
/// The model store as a service sees it: each model is verified and loaded the first time a request names it, put on
/// the service's device in eval mode, and shared by every later request (inference does not change a module, so
/// concurrent forward passes are safe). Failures are not cached: a model copied in later is picked up.
/// <see cref="Forget"/> drops everything, after a training job has replaced models.
/// </summary>
public sealed partial class ServiceModels(ServicePaths paths, RuntimeSelection runtime) : IDisposable
{
    readonly object gate = new();
    readonly Dictionary<string, object> loaded = new();
    readonly List<nn.Module> owned = [];

    public string Root => paths.Models;
    public Device Device => runtime.Device;

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,99}$")]
    private static partial Regex IdPattern();

    public SoundClassifier SoundEncoder(string? id = null) =>
        Get("sound", Id(id, StoredModels.SoundEncoderId), i => Own(StoredModels.LoadSoundEncoder(Root, i).Model));

    public ImageClassifier ImageEncoder(string? id = null) =>
        Get("image", Id(id, StoredModels.ImageEncoderId), i => Own(StoredModels.LoadImageEncoder(Root, i).Model));

    public StackedAutoencoder Autoencoder(string? id = null) =>
        Get("autoencoder", Id(id, StoredModels.AutoencoderId), i => Own(StoredModels.LoadAutoencoder(Root, i).Model));

    /// <summary>A generator with the encoder its manifest names, checked to give conditions of the size it takes.</summary>
    public ServedGenerator Generator(string id) => Get("generator", Id(id, null), i =>
    {
        var (network, manifest) = StoredModels.LoadGenerator(Root, i);
        Own(network);
        var encoderId = StoredModels.ConditionEncoderOf(manifest);
        IEmbedder encoder = Manifest(encoderId).Kind switch
        {
            ModelKinds.SoundEncoder => new UnitLmsEmbedder(SoundEncoder(encoderId)),
            ModelKinds.Autoencoder => new UnitLmsEmbedder(Autoencoder(encoderId)),
            ModelKinds.ImageEncoder => ImageEncoder(encoderId),
            var kind => throw new ModelStoreException($"model '{i}' names '{encoderId}' as its condition encoder, a {kind} model"),
        };
        if (encoder.EmbeddingSize != network.EmbeddingSize)
            throw new ModelStoreException($"model '{i}' takes {network.EmbeddingSize}-d conditions but its encoder '{encoderId}' gives {encoder.EmbeddingSize}-d");
        return new ServedGenerator(i, network, manifest, encoderId, encoder);
    });

    /// <summary>A verified manifest (NotFound when the store has no such model).</summary>
    public ModelManifest Manifest(string id)
    {
        var i = Id(id, null);
        RequirePresent(i);
        return ModelStore.Verify(Path.Combine(Root, i));
    }

    public IReadOnlyList<ModelManifest> List() => ModelStore.List(Root);

    /// <summary>Drops every loaded model, so the next request reads the store again (after training replaced models).</summary>
    public void Forget()
    {
        lock (gate)
        {
            loaded.Clear();
            // Modules in flight in another request stay alive until collected; disposing them here could pull
            // tensors from under a running forward pass.
            owned.Clear();
        }
    }

    static string Id(string? requested, string? fallback)
    {
        var id = string.IsNullOrWhiteSpace(requested) ? fallback : requested.Trim();
        if (id is null) throw new InvalidInputException("name a model id.");
        if (!IdPattern().IsMatch(id))
            throw new InvalidInputException($"'{id}' is not a model id (1-100 characters of a-z, 0-9, '.', '_', '-').");
        return id;
    }

    void RequirePresent(string id)
    {
        if (!File.Exists(Path.Combine(Root, id, ModelStore.ManifestFile)))
            throw new ModelNotFoundException($"the model store has no model '{id}'.");
    }

    T Own<T>(T module) where T : nn.Module
    {
        module.to(Device);
        module.eval();
        owned.Add(module);
        return module;
    }

    T Get<T>(string what, string id, Func<string, T> load) where T : notnull
    {
        lock (gate)
        {
            if (loaded.TryGetValue($"{what}:{id}", out var cached)) return (T)cached;
            RequirePresent(id);
            var value = load(id);
            loaded[$"{what}:{id}"] = value;
            return value;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var m in owned) m.Dispose();
            owned.Clear();
            loaded.Clear();
        }
    }
}
