using System.Text.RegularExpressions;
using CrossModal.Core;
using CrossModal.Core.Generation;
using CrossModal.Core.Runtime;
using CrossModal.Core.Storage;

namespace CrossModal.ModelServing;

/// <summary>
/// The service's view of its model store: core's <see cref="ModelSet"/> (verifies, loads once, shares, thread-safe)
/// plus what a network boundary needs on top: model ids from requests are checked against a strict pattern before
/// they touch the file system, a missing model is <see cref="ModelNotFoundException"/> (NOT_FOUND) rather than bad
/// input, and <see cref="Forget"/> swaps in a freshly opened set after a training job replaced models. The set's models
/// compute where <see cref="DevicePlacement"/> says (the generator: the selected device; the others: the CPU).
/// </summary>
public sealed partial class ServiceModels(ServicePaths paths, DevicePlacement placement) : IDisposable
{
    readonly object gate = new();
    ModelSet? current;

    public string Root => paths.Models;

    /// <summary>
    /// The open model set (opened on first use, so a service starts, and reports unhealthy, without a store). When the
    /// store is a symbolic link to a release folder (the Kubernetes training Job's layout, docs/DEPLOY.md), the set is
    /// opened on the release it points to, and opened afresh once the link points to another: a promoted release is
    /// served from the next request on, and one set never mixes models of two releases. A link that is briefly absent
    /// (a store folder being turned into a link) keeps the set that is open.
    /// </summary>
    public ModelSet Set
    {
        get
        {
            lock (gate)
            {
                var release = Release();
                if (current is not null && (release is null || current.Root == release)) return current;
                return current = ModelSet.Open(release ?? Root, placement);
            }
        }
    }

    /// <summary>The folder the store path leads to (through every link), or null when there is none right now.</summary>
    string? Release()
    {
        var store = new DirectoryInfo(Root);
        if (store.LinkTarget is null) return store.Exists ? store.FullName : null;
        var target = store.ResolveLinkTarget(returnFinalTarget: true);
        return target is { Exists: true } ? Path.GetFullPath(target.FullName) : null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,99}$")]
    private static partial Regex IdPattern();

    /// <summary>
    /// The requested id (or <paramref name="fallback"/> when none is given), checked to be a well-formed id of a model
    /// the store holds.
    /// </summary>
    public string Require(string? requested, string? fallback = null)
    {
        var id = string.IsNullOrWhiteSpace(requested) ? fallback : requested.Trim();
        if (id is null) throw new InvalidInputException("name a model id.");
        if (!IdPattern().IsMatch(id))
            throw new InvalidInputException($"'{id}' is not a model id (1-100 characters of a-z, 0-9, '.', '_', '-').");
        if (!Has(id))
            throw new ModelNotFoundException($"the model store has no model '{id}'.");
        return id;
    }

    /// <summary>Whether the store holds model <paramref name="id"/> (false, not an error, without a store).</summary>
    public bool Has(string id) => ModelStore.Holds(Root, id);

    /// <summary>A verified manifest (NOT_FOUND when the store has no such model).</summary>
    public ModelManifest Manifest(string? id) => Set.Manifest(Require(id));

    /// <summary>A generator with the encoder its manifest names (NOT_FOUND when the store has no such model).</summary>
    public LoadedGenerator Generator(string? id) => Set.Generator(Require(id));

    public IReadOnlyList<ModelManifest> List() => ModelStore.List(Root);

    /// <summary>
    /// Opens the store afresh, so the next request reads the models a training job wrote. The previous set is not
    /// disposed (nor is one left behind by a release swap, <see cref="Set"/>): a request in flight may still be running a
    /// forward pass on its modules; a restart of the service frees them.
    /// </summary>
    public void Forget()
    {
        lock (gate) current = null;
    }

    public void Dispose()
    {
        lock (gate)
        {
            current?.Dispose();
            current = null;
        }
    }
}
