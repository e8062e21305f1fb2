using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace CrossModal.Studies.Rating;

/// <summary>
/// What keeps a rater from working out which method drew which image. Every order a rater sees (of the sets, and of the
/// images within a set) and every private random choice of a study (a gold image's jitter) is keyed by the study's own
/// secret, <see cref="Data.Study.BlindingKey"/>: 256 random bits made when the study is created, stored on the server,
/// never sent to a browser. An order is the items sorted by HMAC-SHA256(key, purpose, item's public id), a permutation
/// that knowing the algorithm, the token, the page and the study's seed does not help to compute. (The seeded shuffle
/// used before took its seed from the study's seed, 1 by default, and its salt from the token and the set id that the
/// page shows, so anyone could recompute it.)
/// </summary>
public static class StudyBlinding
{
    public const int KeyBytes = 32;

    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));

    /// <summary><paramref name="items"/> in the order the study's key gives them for <paramref name="purpose"/> (e.g. "sets:" + token).</summary>
    public static List<T> Order<T>(IEnumerable<T> items, Func<T, Guid> publicId, string key, string purpose)
    {
        using var hmac = new HMACSHA256(Key(key));
        return items.Select(item => (Item: item, Rank: Rank(hmac, $"{purpose}|{publicId(item):N}")))
            .OrderBy(x => x.Rank).Select(x => x.Item).ToList();
    }

    /// <summary>A seed for one of the study's private random choices, e.g. "jitter:12:DuplicateA".</summary>
    public static int Seed(string key, string purpose)
    {
        using var hmac = new HMACSHA256(Key(key));
        return (int)(Rank(hmac, purpose) & int.MaxValue);
    }

    static ulong Rank(HMACSHA256 hmac, string message) =>
        BinaryPrimitives.ReadUInt64BigEndian(hmac.ComputeHash(Encoding.UTF8.GetBytes(message)));

    static byte[] Key(string key)
    {
        var bytes = Convert.FromBase64String(key);
        if (bytes.Length != KeyBytes) throw new InvalidOperationException($"a study's blinding key has {KeyBytes} bytes, this one {bytes.Length}.");
        return bytes;
    }
}
