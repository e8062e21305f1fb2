using System.Text;

namespace CrossModal.DatasetTools.Synthetic;

/// <summary>
/// A small, fully specified random stream (SplitMix64). Every stream in the synthetic dataset is derived
/// from the dataset seed plus names such as (instrument, piece, purpose), never from thread timing or
/// <see cref="System.Random"/> internals, so the same seed gives byte-identical output on any machine and
/// with any degree of parallelism.
/// </summary>
public sealed class SeededRandom
{
    ulong _state;

    public SeededRandom(ulong seed) => _state = seed;

    /// <summary>A stream keyed by the dataset seed and a path of names (FNV-1a hash, then SplitMix64).</summary>
    public static SeededRandom For(int seed, params object[] keys)
    {
        ulong h = 14695981039346656037UL;
        void Mix(ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes) { h ^= b; h *= 1099511628211UL; }
            h ^= 0xFF; h *= 1099511628211UL; // separator, so ("ab","c") differs from ("a","bc")
        }
        Mix(BitConverter.GetBytes(seed));
        foreach (var k in keys) Mix(Encoding.UTF8.GetBytes(Convert.ToString(k, System.Globalization.CultureInfo.InvariantCulture) ?? ""));
        return new SeededRandom(h);
    }

    public ulong NextULong()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [lo, hiExclusive).</summary>
    public int Next(int lo, int hiExclusive)
    {
        if (hiExclusive <= lo) return lo;
        return lo + (int)(NextULong() % (ulong)(hiExclusive - lo));
    }

    public double Range(double lo, double hi) => lo + (hi - lo) * NextDouble();

    public float RangeF(double lo, double hi) => (float)Range(lo, hi);

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(0, items.Count)];

    /// <summary>Index drawn with the given relative weights.</summary>
    public int PickWeighted(IReadOnlyList<double> weights)
    {
        double total = 0;
        foreach (var w in weights) total += w;
        double r = NextDouble() * total;
        for (int i = 0; i < weights.Count; i++)
        {
            r -= weights[i];
            if (r < 0) return i;
        }
        return weights.Count - 1;
    }

    /// <summary>Approximately normal (sum of uniforms), cheap and deterministic.</summary>
    public double Gaussian(double mean, double sd)
    {
        double s = 0;
        for (int i = 0; i < 6; i++) s += NextDouble();
        return mean + sd * (s - 3.0) * Math.Sqrt(2.0);
    }

    public void Shuffle<T>(IList<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = Next(0, i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
