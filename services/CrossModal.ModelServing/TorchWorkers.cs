using System.Collections.Concurrent;
using System.Collections.Frozen;
using Grpc.Core;
using static TorchSharp.torch;

namespace CrossModal.ModelServing;

/// <summary>
/// A fixed set of long-lived threads on which a service runs all its tensor work. libtorch and glibc keep state per
/// calling thread (each external thread that starts a parallel region gets its own OpenMP team, its own malloc arena
/// and per-thread caches), so tensor work run on whatever thread-pool thread a request happens to be on spreads that
/// state over every thread the pool ever grows or rotates, and the process's memory grows with them
/// (docs/SERVICES.md, "Tensor work on fixed threads"). Here it stays on <see cref="TorchWorkersOptions.Threads"/> threads.
/// <para>
/// <see cref="Run{T}"/> queues work in a bounded queue and refuses it at once when the queue is full
/// (RESOURCE_EXHAUSTED, like the generator's batcher); <see cref="RunFirst{T}"/> is for work that serves requests
/// already admitted (a batch's forward pass): it goes before queued work and is never refused. Each item runs inside a
/// torch dispose scope, so its result must be managed data, not a tensor. Exceptions reach the caller; a call whose
/// token fires ends cancelled at once, and is dropped if it had not started yet. Disposal cancels what is still queued,
/// lets running items finish and ends the threads.
/// </para>
/// </summary>
public sealed class TorchWorkers : IDisposable
{
    abstract class Item
    {
        public abstract void Execute();
        public abstract void Abandon();
    }

    sealed class Item<T>(Func<T> work, CancellationToken cancel) : Item
    {
        readonly TaskCompletionSource<T> done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationTokenRegistration registration;

        public Task<T> Task => done.Task;

        public void Watch() => registration = cancel.Register(() => done.TrySetCanceled(cancel));

        public override void Execute()
        {
            try
            {
                if (done.Task.IsCompleted) return;    // cancelled while it waited: dropped
                T result;
                using (NewDisposeScope()) result = work();
                done.TrySetResult(result);   // after the scope: the caller sees the result once the item's tensors are freed
            }
            catch (OperationCanceledException e) when (cancel.IsCancellationRequested) { done.TrySetCanceled(e.CancellationToken); }
            catch (Exception e) { done.TrySetException(e); }
            finally { registration.Dispose(); }
        }

        public override void Abandon()
        {
            done.TrySetCanceled();
            registration.Dispose();
        }
    }

    readonly ConcurrentQueue<Item> first = new(), queued = new();
    readonly SemaphoreSlim signal = new(0);
    readonly Thread[] threads;
    readonly int capacity;
    readonly object gate = new();
    int waiting;
    long completed;
    bool closed;

    public TorchWorkers(TorchWorkersOptions options)
    {
        options.Validate();
        capacity = options.QueueCapacity;
        threads = Enumerable.Range(0, options.Threads).Select(i => new Thread(Loop) { IsBackground = true, Name = $"torch-worker-{i}" }).ToArray();
        ThreadIds = threads.Select(t => t.ManagedThreadId).ToFrozenSet();
        foreach (var t in threads) t.Start();
    }

    /// <summary>The managed thread ids of the workers (tests and diagnostics).</summary>
    public IReadOnlySet<int> ThreadIds { get; }

    /// <summary>Work items taken off the queue so far: run, failed, or dropped because cancelled (tests and diagnostics).</summary>
    public long Completed => Interlocked.Read(ref completed);

    /// <summary>Whether the calling thread is one of the workers.</summary>
    public bool OnWorker => ThreadIds.Contains(Environment.CurrentManagedThreadId);

    /// <summary>Queues <paramref name="work"/>; refused at once (RESOURCE_EXHAUSTED) when the queue is full.</summary>
    public Task<T> Run<T>(Func<T> work, CancellationToken cancel = default)
    {
        if (Interlocked.Increment(ref waiting) > capacity)
        {
            Interlocked.Decrement(ref waiting);
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"the service is busy ({capacity} requests waiting for its model threads); retry with back-off."));
        }
        try { return Enqueue(queued, work, cancel); }
        catch { Interlocked.Decrement(ref waiting); throw; }
    }

    /// <summary>Runs <paramref name="work"/> before any queued <see cref="Run{T}"/> work; never refused.</summary>
    public Task<T> RunFirst<T>(Func<T> work, CancellationToken cancel = default) => Enqueue(first, work, cancel);

    Task<T> Enqueue<T>(ConcurrentQueue<Item> lane, Func<T> work, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (cancel.IsCancellationRequested) return Task.FromCanceled<T>(cancel);
        var item = new Item<T>(work, cancel);
        item.Watch();
        lock (gate)
        {
            if (closed)
            {
                item.Abandon();
                throw new ObjectDisposedException(nameof(TorchWorkers));
            }
            lane.Enqueue(item);
        }
        signal.Release();
        return item.Task;
    }

    void Loop()
    {
        while (true)
        {
            signal.Wait();
            if (first.TryDequeue(out var item)) { }
            else if (queued.TryDequeue(out item)) Interlocked.Decrement(ref waiting);
            else if (Volatile.Read(ref closed)) return;
            else continue;
            item.Execute();
            Interlocked.Increment(ref completed);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (closed) return;
            Volatile.Write(ref closed, true);
        }
        while (first.TryDequeue(out var item) || queued.TryDequeue(out item)) item.Abandon();
        signal.Release(threads.Length);
        foreach (var t in threads) t.Join();
        // The semaphore is left undisposed: a Run that queued just before closing may still release it (it holds no handle).
    }
}
