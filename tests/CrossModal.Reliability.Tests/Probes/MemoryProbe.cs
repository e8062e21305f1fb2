using System.Diagnostics;

namespace CrossModal.Reliability.Tests.Probes;

/// <summary>
/// Memory of this process (where the in-process services and CLI run) across a corpus: the managed heap after a full
/// collection at start and end, and the resident set sampled every 20 ms for the peak. Refusals must not keep memory
/// (managed growth) and must not need much on the way (peak resident growth: a bomb would need gigabytes).
/// A corpus is run twice (<see cref="TwoPasses"/>): the first pass fills the buffer pools of Kestrel, gRPC and
/// ArrayPool.Shared (large uploads rent large arrays, which the pools keep for reuse); growth over the second pass is
/// what a leak would show as.
/// </summary>
public sealed class MemoryProbe : IDisposable
{
    readonly long _heapBefore, _rssBefore;
    long _peakRss;
    readonly Timer _timer;

    public MemoryProbe()
    {
        _heapBefore = Heap();
        _rssBefore = _peakRss = Rss();
        _timer = new Timer(_ => Sample(), null, 0, 20);
    }

    void Sample()
    {
        var rss = Rss();
        long peak;
        while (rss > (peak = Interlocked.Read(ref _peakRss)) && Interlocked.CompareExchange(ref _peakRss, rss, peak) != peak) { }
    }

    /// <summary>Managed heap growth (MB, after a full collection) and peak resident growth (MB) since the start.</summary>
    public (double HeapGrowthMb, double PeakRssGrowthMb) Stop()
    {
        _timer.Dispose();
        Sample();
        return ((Heap() - _heapBefore) / 1048576.0, (Interlocked.Read(ref _peakRss) - _rssBefore) / 1048576.0);
    }

    /// <summary>Runs <paramref name="pass"/> twice; returns the heap growth (MB) of the first pass and of the second.</summary>
    public static async Task<(double FirstPassMb, double SecondPassMb, double PeakRssGrowthMb)> TwoPasses(Func<Task> pass)
    {
        using var probe = new MemoryProbe();
        await pass();
        var afterFirst = Heap();
        await pass();
        var afterSecond = Heap();
        var (_, peak) = probe.Stop();
        return ((afterFirst - probe._heapBefore) / 1048576.0, (afterSecond - afterFirst) / 1048576.0, peak);
    }

    static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    static long Rss()
    {
        using var p = Process.GetCurrentProcess();
        return p.WorkingSet64;
    }

    public void Dispose() => _timer.Dispose();
}
