using CrossModal.Core.Runtime;

namespace CrossModal.Core.Training;

/// <summary>
/// The batches of one epoch: a seeded Fisher–Yates shuffle of the pool, cut into batches. A trailing batch of a
/// single sample is dropped (batch norm cannot train on one sample). Seeded from (run seed, epoch) alone, so a
/// resumed run replays the exact order.
/// </summary>
internal static class EpochPlan
{
    public static List<int[]> Batches(int count, int batchSize, long seed, int epoch)
    {
        var random = Seeding.Stream(seed, "shuffle", epoch);
        var order = Enumerable.Range(0, count).ToArray();
        for (var i = count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var batches = new List<int[]>();
        for (var start = 0; start < count; start += batchSize)
        {
            var len = Math.Min(batchSize, count - start);
            if (len < 2) break;
            batches.Add(order.AsSpan(start, len).ToArray());
        }
        return batches;
    }
}
