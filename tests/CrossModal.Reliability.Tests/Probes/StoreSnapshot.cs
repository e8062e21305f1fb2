using System.Security.Cryptography;

namespace CrossModal.Reliability.Tests.Probes;

/// <summary>
/// Every file under some folders with its length and SHA-256: taken before a hostile corpus and compared after, to
/// prove that refusing changed nothing stored (no model replaced, no partial output, no temporary file left).
/// </summary>
public sealed class StoreSnapshot
{
    readonly Dictionary<string, string> _files;

    StoreSnapshot(Dictionary<string, string> files) => _files = files;

    public int Files => _files.Count;
    public long Bytes { get; private init; }

    public static StoreSnapshot Take(params string[] roots)
    {
        var files = new Dictionary<string, string>();
        long bytes = 0;
        foreach (var root in roots.Where(Directory.Exists))
            foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                using var s = File.OpenRead(path);
                bytes += s.Length;
                files[path] = $"{s.Length}:{Convert.ToHexString(SHA256.HashData(s))}";
            }
        return new StoreSnapshot(files) { Bytes = bytes };
    }

    /// <summary>Asserts nothing was added, removed or changed; returns the number of bytes that differ (always 0 on success).</summary>
    public long AssertUnchangedSince(StoreSnapshot before)
    {
        var added = _files.Keys.Except(before._files.Keys).ToList();
        var removed = before._files.Keys.Except(_files.Keys).ToList();
        var changed = _files.Keys.Intersect(before._files.Keys).Where(k => _files[k] != before._files[k]).ToList();
        Assert.True(added.Count + removed.Count + changed.Count == 0,
            $"stored files changed: added [{string.Join(", ", added)}], removed [{string.Join(", ", removed)}], changed [{string.Join(", ", changed)}]");
        return 0;
    }
}
