using System.Security.Cryptography;
using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;

namespace CrossModal.Core.Training;

/// <summary>What a checkpoint records besides tensors: the epoch it ends, the run fingerprint it belongs to, file hashes.</summary>
public sealed record CheckpointState(int Epoch, string Fingerprint, Dictionary<string, string> Sha256, DateTimeOffset Created);

/// <summary>
/// Training checkpoints in a run folder: one sub-folder per epoch, <c>epoch-000007/</c>, holding each module's
/// weights (<c>name.weights</c>), each optimiser's state (<c>name.optim</c>: Adam moments and step counts) and
/// <c>state.json</c> with SHA-256 of every file. A checkpoint is written into a hidden temporary sibling and
/// renamed into place, so a crash mid-save leaves only a hidden folder that is never read; the previous
/// checkpoint stays intact. Randomness needs no saved state: trainers reseed every stream from (seed, epoch).
/// </summary>
public sealed class CheckpointStore(string directory, int keep = 2)
{
    private const string Prefix = "epoch-";
    private const string StateFile = "state.json";

    /// <summary>Test hook: runs after all files are written and before the rename (a throw simulates a crash).</summary>
    internal Action<string>? BeforeCommit { get; set; }

    public string Directory { get; } = Path.GetFullPath(directory);

    public void Save(int epoch, string fingerprint, IReadOnlyDictionary<string, torch.nn.Module> modules,
        IReadOnlyDictionary<string, OptimizerHelper> optimizers)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = $"{Prefix}{epoch:D6}";
        var final = Path.Combine(Directory, name);
        var tmp = Path.Combine(Directory, $".{name}.tmp-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(tmp);
        try
        {
            var hashes = new Dictionary<string, string>();
            foreach (var (key, module) in modules)
                hashes[$"{key}.weights"] = WriteHashed(Path.Combine(tmp, $"{key}.weights"), s =>
                {
                    // Module.save(Stream) closes the stream; a writer left open keeps the flush below possible.
                    using var w = new BinaryWriter(s, System.Text.Encoding.UTF8, leaveOpen: true);
                    module.save(w);
                });
            foreach (var (key, optimizer) in optimizers)
                hashes[$"{key}.optim"] = WriteHashed(Path.Combine(tmp, $"{key}.optim"), s =>
                {
                    using var w = new BinaryWriter(s, System.Text.Encoding.UTF8, leaveOpen: true);
                    optimizer.save_state_dict(w);
                });
            var state = new CheckpointState(epoch, fingerprint, hashes, DateTimeOffset.UtcNow);
            File.WriteAllText(Path.Combine(tmp, StateFile), JsonSerializer.Serialize(state));
            BeforeCommit?.Invoke(tmp);
            if (System.IO.Directory.Exists(final)) System.IO.Directory.Delete(final, recursive: true);
            System.IO.Directory.Move(tmp, final);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
        Prune();
    }

    /// <summary>The newest checkpoint whose state and files are complete and match their hashes, or null.</summary>
    public CheckpointState? Latest()
    {
        if (!System.IO.Directory.Exists(Directory)) return null;
        foreach (var dir in EpochFolders().OrderByDescending(d => d.Epoch))
        {
            var state = TryReadValid(dir.Path);
            if (state is not null && state.Epoch == dir.Epoch) return state;
        }
        return null;
    }

    /// <summary>Loads the checkpoint of <paramref name="epoch"/> into the given modules and optimisers.</summary>
    public void Load(CheckpointState state, IReadOnlyDictionary<string, torch.nn.Module> modules,
        IReadOnlyDictionary<string, OptimizerHelper> optimizers)
    {
        var dir = Path.Combine(Directory, $"{Prefix}{state.Epoch:D6}");
        foreach (var (key, module) in modules)
        {
            var file = Path.Combine(dir, $"{key}.weights");
            if (!File.Exists(file)) throw new InvalidInputException($"checkpoint {dir} has no weights for '{key}'");
            module.load(file, strict: true);
        }
        foreach (var (key, optimizer) in optimizers)
        {
            var file = Path.Combine(dir, $"{key}.optim");
            if (!File.Exists(file)) throw new InvalidInputException($"checkpoint {dir} has no optimiser state for '{key}'");
            using var reader = new BinaryReader(File.OpenRead(file));
            optimizer.load_state_dict(reader);
        }
    }

    private static string WriteHashed(string path, Action<Stream> write)
    {
        using (var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            write(fs);
            fs.Flush(flushToDisk: true);
        }
        return Hash(path);
    }

    internal static string Hash(string path)
    {
        using var fs = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(fs));
    }

    private static CheckpointState? TryReadValid(string dir)
    {
        try
        {
            var state = JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(Path.Combine(dir, StateFile)));
            if (state?.Sha256 is null) return null;
            foreach (var (file, sha) in state.Sha256)
            {
                var path = Path.Combine(dir, file);
                if (!File.Exists(path) || Hash(path) != sha) return null;
            }
            return state;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private IEnumerable<(string Path, int Epoch)> EpochFolders()
    {
        foreach (var dir in System.IO.Directory.EnumerateDirectories(Directory, Prefix + "*"))
            if (int.TryParse(Path.GetFileName(dir).AsSpan(Prefix.Length), out var e)) yield return (dir, e);
    }

    /// <summary>Keeps the newest <c>keep</c> checkpoints and removes leftovers of interrupted saves.</summary>
    private void Prune()
    {
        foreach (var old in EpochFolders().OrderByDescending(d => d.Epoch).Skip(Math.Max(1, keep)))
            TryDelete(old.Path);
        foreach (var stale in System.IO.Directory.EnumerateDirectories(Directory, $".{Prefix}*.tmp-*"))
            TryDelete(stale);
    }

    private static void TryDelete(string dir)
    {
        try { if (System.IO.Directory.Exists(dir)) System.IO.Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
