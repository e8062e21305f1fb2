namespace CrossModal.Domain;

/// <summary>
/// Deterministic shuffles for splits and pairings: the same seed and salt give the same order on every run and
/// machine. The salt (e.g. a class name) gives each group its own independent order from one user seed.
/// </summary>
public static class SeededShuffle
{
    public static List<T> Shuffle<T>(IEnumerable<T> items, long seed, string salt)
    {
        var list = items.ToList();
        var rng = new Random(Mix(seed, salt));
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }

    /// <summary>
    /// FNV-1a over the salt's UTF-16 code units, folded with the seed. string.GetHashCode is randomised per
    /// process, so it cannot be used; System.Random with an explicit seed is stable across .NET versions.
    /// </summary>
    static int Mix(long seed, string salt)
    {
        ulong h = 14695981039346656037UL ^ (ulong)seed;
        foreach (char c in salt) { h ^= c; h *= 1099511628211UL; }
        h ^= h >> 29;
        return (int)(h & int.MaxValue);
    }

    /// <summary>
    /// How many of <paramref name="count"/> groups go to validation for a fraction f: round(count·f), but at least
    /// one when there are two or more (so every class is validated) and never all of them (so every class is trained).
    /// </summary>
    public static int ValidationCount(int count, double fraction)
    {
        if (count < 2 || fraction <= 0) return 0;
        return Math.Clamp((int)Math.Round(count * fraction, MidpointRounding.AwayFromZero), 1, count - 1);
    }
}
