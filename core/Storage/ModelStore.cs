using System.Text.Json;
using System.Text.RegularExpressions;
using CrossModal.Core.Training;
using CrossModal.Domain;
using TorchSharp;

namespace CrossModal.Core.Storage;

/// <summary>
/// The model store: one folder per model under a root, <c>root/&lt;id&gt;/manifest.json</c> plus weights files.
/// A model is written into a hidden temporary sibling folder and renamed into place, so a folder that is
/// visible under its id is always complete; hidden folders (leftovers of interrupted saves) are never listed.
/// Loading verifies the manifest, every weights file's SHA-256 and the expected kind and network shape.
/// (Namespace <c>Storage</c>: a namespace called ModelStore would shadow this class.)
/// </summary>
public static partial class ModelStore
{
    public const string ManifestFile = "manifest.json";

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,99}$")]
    private static partial Regex IdPattern();

    /// <summary>Test hook: runs after the temporary folder is complete, before the rename (a throw simulates a crash).</summary>
    internal static Action<string>? BeforeCommit { get; set; }

    /// <summary>
    /// Saves <paramref name="modules"/> (file stem → module, written as <c>stem.weights</c>) with the manifest;
    /// hashes are filled in here. Replaces an existing model of the same id atomically.
    /// </summary>
    public static ModelManifest Save(string root, ModelManifest manifest, IReadOnlyDictionary<string, torch.nn.Module> modules)
    {
        if (!IdPattern().IsMatch(manifest.Id))
            throw new InvalidInputException($"model id '{manifest.Id}' must be 1-100 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
        if (Describe(manifest) is { } problem) throw new InvalidInputException(problem);
        if (modules.Count == 0) throw new InvalidInputException("a model needs at least one weights file");
        var rootFull = Path.GetFullPath(root);
        Directory.CreateDirectory(rootFull);
        var final = Path.Combine(rootFull, manifest.Id);
        var tmp = Path.Combine(rootFull, $".{manifest.Id}.tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(tmp);
        try
        {
            var hashes = new Dictionary<string, string>();
            foreach (var (stem, module) in modules)
            {
                var file = $"{stem}.weights";
                var path = Path.Combine(tmp, file);
                using (var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                {
                    using (var w = new BinaryWriter(fs, System.Text.Encoding.UTF8, leaveOpen: true)) module.save(w);
                    fs.Flush(flushToDisk: true);
                }
                hashes[file] = CheckpointStore.Hash(path);
            }
            var saved = manifest with { Weights = hashes, Format = ModelManifest.CurrentFormat };
            File.WriteAllText(Path.Combine(tmp, ManifestFile), JsonSerializer.Serialize(saved, ModelManifest.Json));
            BeforeCommit?.Invoke(tmp);
            string? old = null;
            if (Directory.Exists(final))
            {
                old = Path.Combine(rootFull, $".{manifest.Id}.old-{Guid.NewGuid():N}");
                Directory.Move(final, old);
            }
            Directory.Move(tmp, final);
            if (old is not null) Directory.Delete(old, recursive: true);
            return saved;
        }
        catch
        {
            if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
            throw;
        }
    }

    /// <summary>Reads and verifies the manifest and weights hashes of the model folder <paramref name="folder"/>.</summary>
    public static ModelManifest Verify(string folder)
    {
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full)) throw new ModelStoreException($"model folder {full} does not exist");
        var manifestPath = Path.Combine(full, ManifestFile);
        if (!File.Exists(manifestPath)) throw new ModelStoreException($"model folder {full} has no {ManifestFile}");
        ModelManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(manifestPath), ModelManifest.Json)
                       ?? throw new ModelStoreException($"{manifestPath} is empty");
        }
        catch (JsonException e)
        {
            throw new ModelStoreException($"{manifestPath} is not a valid model manifest: {e.Message}", e);
        }
        if (manifest.Format != ModelManifest.CurrentFormat)
            throw new ModelStoreException($"{manifestPath} has format {manifest.Format}, this version reads format {ModelManifest.CurrentFormat}");
        if (Describe(manifest) is { } problem) throw new ModelStoreException($"{manifestPath}: {problem}");
        if (manifest.Weights.Count == 0) throw new ModelStoreException($"{manifestPath} lists no weights files");
        foreach (var (file, sha) in manifest.Weights)
        {
            var path = Path.Combine(full, file);
            if (Path.GetFileName(file) != file) throw new ModelStoreException($"{manifestPath} names a weights file outside the folder: '{file}'");
            if (!File.Exists(path)) throw new ModelStoreException($"model '{manifest.Id}' is missing weights file {file}");
            var actual = CheckpointStore.Hash(path);
            if (actual != sha)
                throw new ModelStoreException($"model '{manifest.Id}' weights file {file} is corrupt (SHA-256 {actual[..12]}… expected {sha[..Math.Min(12, sha.Length)]}…)");
        }
        return manifest;
    }

    /// <summary>
    /// Verifies the model at <c>root/id</c>, checks its kind, and loads each weights file into the module given
    /// for its stem. Modules must be built from the manifest's config (see <see cref="ModelManifest.ConfigAs{T}"/>);
    /// a weights file whose tensors do not fit the module is reported as a mismatch.
    /// </summary>
    public static ModelManifest Load(string root, string id, string expectedKind, IReadOnlyDictionary<string, torch.nn.Module> modules)
    {
        var manifest = Verify(Path.Combine(root, id));
        if (manifest.Kind != expectedKind)
            throw new ModelStoreException($"model '{id}' is a {manifest.Kind} model, expected {expectedKind}");
        foreach (var (stem, module) in modules)
        {
            var file = $"{stem}.weights";
            if (!manifest.Weights.ContainsKey(file)) throw new ModelStoreException($"model '{id}' has no weights file {file}");
            var loaded = new Dictionary<string, bool>();
            try
            {
                module.load(Path.Combine(root, id, file), strict: true, loadedParameters: loaded);
            }
            catch (Exception e) when (e is not ModelStoreException)
            {
                throw new ModelStoreException($"model '{id}' weights {file} do not fit a {module.GetType().Name} of this config: {e.Message}", e);
            }
        }
        return manifest;
    }

    /// <summary>What is wrong with a manifest's identity fields, or null when they are consistent.</summary>
    private static string? Describe(ModelManifest m)
    {
        if (!ModelKinds.All.Contains(m.Kind)) return $"model kind '{m.Kind}' is not one of {string.Join(", ", ModelKinds.All)}";
        if (m.Kind == ModelKinds.S2I && !S2IVariant.IsKnown(m.Variant))
            return $"an s2i model needs variant c, n or a, got '{m.Variant}'";
        if (m.Kind != ModelKinds.S2I && m.Variant is not null) return $"only s2i models have a variant, this {m.Kind} model has '{m.Variant}'";
        if (m.Kind == ModelKinds.Pose && string.IsNullOrWhiteSpace(m.Instrument)) return "a pose model needs its instrument";
        if (string.IsNullOrWhiteSpace(m.DatasetId)) return "the manifest needs a dataset id";
        if (m.Epoch < 0) return $"epoch must be >= 0, got {m.Epoch}";
        return null;
    }

    /// <summary>
    /// Whether a folder of the store is meant to be a model: visible, with a manifest or weights. Models are renamed
    /// into place complete, so a visible folder with weights but no manifest is a broken model (reported), while one
    /// with neither was never a model (a recipe writes its sample grids to <c>previews/</c>); hidden folders are
    /// checkpoints and leftovers of interrupted saves.
    /// </summary>
    public static bool IsModelFolder(string dir) =>
        !Path.GetFileName(dir).StartsWith('.')
        && (File.Exists(Path.Combine(dir, ManifestFile)) || Directory.EnumerateFiles(dir, "*.weights").Any());

    /// <summary>Whether <paramref name="root"/> holds a model of this id (its manifest is there; not yet verified).</summary>
    public static bool Holds(string root, string id) => File.Exists(Path.Combine(root, id, ManifestFile));

    /// <summary>The folders under <paramref name="root"/> that hold a model (<see cref="IsModelFolder"/>), in id order.</summary>
    public static IReadOnlyList<string> ModelFolders(string root) =>
        Directory.EnumerateDirectories(root).Where(IsModelFolder).Order(StringComparer.Ordinal).ToList();

    /// <summary>Manifests of every valid model under <paramref name="root"/>, by id; invalid or hidden folders are skipped.</summary>
    public static IReadOnlyList<ModelManifest> List(string root)
    {
        if (!Directory.Exists(root)) return [];
        var result = new List<ModelManifest>();
        foreach (var dir in ModelFolders(root))
        {
            try { result.Add(Verify(dir)); }
            catch (ModelStoreException) { }
        }
        return result;
    }
}
