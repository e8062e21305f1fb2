using System.Diagnostics;
using System.Threading.Channels;
using Grpc.Core;

namespace CrossModal.GeneratorService.Live;

/// <summary>One item of a live stream with the moment it arrived (for the answer's service time).</summary>
public readonly record struct Arrived<T>(T Item, long Timestamp)
{
    public double ElapsedMilliseconds => Stopwatch.GetElapsedTime(Timestamp).TotalMilliseconds;
}

/// <summary>
/// A live client's request stream read as fast as it comes, keeping only the newest item not yet taken: when the
/// generator is slower than the client (or the client faster than it should be), a waiting window is replaced by the
/// newer one and counted in <see cref="Dropped"/>, so a session never holds more than one item in memory and its
/// answers never fall further behind than one item. The items end when the client ends its side; a client that
/// breaks the stream ends them with its error. Dispose it before the call's handler returns (<c>await using</c>).
/// </summary>
public sealed class NewestWins<T> : IAsyncDisposable
{
    readonly Channel<Arrived<T>> slot;
    readonly CancellationTokenSource stop;
    readonly Task pump;
    long dropped;

    NewestWins(IAsyncStreamReader<T> requests, CancellationToken cancel)
    {
        slot = Channel.CreateBounded<Arrived<T>>(
            new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            _ => Interlocked.Increment(ref dropped));
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        pump = Pump(requests, stop.Token);
    }

    /// <summary>Items replaced before they were taken, so far.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    public static NewestWins<T> Read(IAsyncStreamReader<T> requests, CancellationToken cancel) => new(requests, cancel);

    async Task Pump(IAsyncStreamReader<T> requests, CancellationToken cancel)
    {
        try
        {
            while (await requests.MoveNext(cancel))
                slot.Writer.TryWrite(new Arrived<T>(requests.Current, Stopwatch.GetTimestamp()));
            slot.Writer.TryComplete();
        }
        catch (Exception e) { slot.Writer.TryComplete(e); }
    }

    /// <summary>
    /// Stops reading and waits until the read has ended. A handler that returned while a read of its request stream was
    /// still pending (a session ended by bad input, by a write failing) left that read on objects Kestrel reuses for the
    /// connection's next request, which then failed with "Reading is already in progress" (seen in the services tests).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await pump;   // Pump never throws: it hands every failure to the channel
        stop.Dispose();
    }

    /// <summary>The newest item each time the caller is ready for one, until the client's side ends.</summary>
    public async IAsyncEnumerable<Arrived<T>> Items([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancel)
    {
        await foreach (var item in slot.Reader.ReadAllAsync(cancel))
            yield return item;
        await pump;
    }
}
