using System.Diagnostics.Metrics;
using System.Threading.Channels;
using CrossModal.Core.Generation;
using CrossModal.ModelServing;
using Grpc.Core;

namespace CrossModal.GeneratorService.Generation;

/// <summary>
/// Dynamic batching of SoundToImage: requests (an embedding, or the LMS of a sound the batch encodes) wait in a bounded
/// queue; one loop takes the first, lets others join for <see cref="BatchingOptions.Window"/> or until
/// <see cref="BatchingOptions.MaxBatchSamples"/> images are gathered, then runs core's pipeline on the service's
/// <see cref="TorchWorkers"/> (ahead of queued request work, never refused: its requests were admitted already): the
/// batch's sounds through the generator's encoder in one pass (<see cref="SoundToImagePipeline.Conditions"/>), then
/// <see cref="SoundToImagePipeline.Generate"/>: one forward pass per generator in the batch, each request with the noise
/// of its own seed, so its images do not depend on what it was batched with. Encoding inside the batch saves a request
/// with a WAV a round trip to the workers of its own (docs/PERFORMANCE.md, one hop).
/// The window is only waited for while another request is on its way (<see cref="Arrive"/>: admitted by a handler,
/// not yet queued): a lone client's request runs at once instead of paying the window on every call, and under load,
/// where requests are always on their way, batches gather as before.
/// A request whose call was cancelled or whose deadline passed while it waited is dropped before the forward pass;
/// a full queue is refused at once (RESOURCE_EXHAUSTED) so that clients back off instead of piling up.
/// The forward pass only runs the networks and copies the pixels out once; each request PNG-encodes its own images on its
/// own thread, so encoding overlaps the next batch's forward pass instead of delaying it (docs/PERFORMANCE.md).
/// </summary>
public sealed class SoundToImageBatcher : BackgroundService
{
    public const string MeterName = "CrossModal.Generator";

    /// <summary>A queued request: its condition is <paramref name="Embedding"/>, or made from <paramref name="LmsDb"/> in its batch.</summary>
    sealed record Pending(LoadedGenerator Generator, float[]? Embedding, float[]? LmsDb, int Count, long Seed, CancellationToken Cancel)
    {
        /// <summary>The request's images as CHW float pixels in [-1, 1], one after another.</summary>
        public TaskCompletionSource<ArraySegment<float>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    readonly BatchingOptions options;
    readonly TorchWorkers workers;
    readonly ILogger<SoundToImageBatcher> logger;
    readonly Channel<Pending> queue;
    readonly Histogram<int> batchSamples;
    readonly Counter<long> dropped;
    Pending? carried;
    long forwardPasses, droppedRequests, windowsWaited;
    int arriving;

    public SoundToImageBatcher(BatchingOptions options, TorchWorkers workers, ILogger<SoundToImageBatcher> logger, IMeterFactory meters)
    {
        this.options = options;
        this.workers = workers;
        this.logger = logger;
        queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, SingleReader = true,
        });
        var meter = meters.Create(MeterName);
        batchSamples = meter.CreateHistogram<int>("crossmodal.generator.batch_samples", "{image}", "Images generated per forward pass");
        dropped = meter.CreateCounter<long>("crossmodal.generator.dropped_requests", "{request}", "Requests cancelled while queued");
    }

    /// <summary>Forward passes run so far (tests and diagnostics).</summary>
    public long ForwardPasses => Interlocked.Read(ref forwardPasses);
    /// <summary>Requests dropped because their call was cancelled while queued.</summary>
    public long DroppedRequests => Interlocked.Read(ref droppedRequests);
    /// <summary>Batches that waited for the window because another request was on its way (tests and diagnostics).</summary>
    public long WindowsWaited => Interlocked.Read(ref windowsWaited);

    /// <summary>
    /// Announces a request that will soon be queued (a handler calls it first, before decoding its input): until the
    /// returned arrival is disposed or its request queued, a batch being gathered waits the window for it.
    /// </summary>
    public Arrival Arrive()
    {
        Interlocked.Increment(ref arriving);
        return new Arrival(this);
    }

    /// <summary>A request on its way to the queue (<see cref="Arrive"/>); disposing it more than once is harmless.</summary>
    public sealed class Arrival(SoundToImageBatcher owner) : IDisposable
    {
        int ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref ended, 1) == 0) Interlocked.Decrement(ref owner.arriving);
        }
    }

    /// <summary>Queues a request with its embedding; the task ends with its PNGs, or cancelled when <paramref name="cancel"/> fires first.</summary>
    public Task<IReadOnlyList<byte[]>> Generate(LoadedGenerator generator, float[] embedding, int count, long seed, CancellationToken cancel, Arrival? arrival = null) =>
        Enqueue(new Pending(generator, embedding, null, count, seed, cancel), arrival);

    /// <summary>Queues a request with its sound's LMS in dB [128 x 44], encoded by the generator's encoder in the batch.</summary>
    public Task<IReadOnlyList<byte[]>> GenerateFromSound(LoadedGenerator generator, float[] lmsDb, int count, long seed, CancellationToken cancel, Arrival? arrival = null) =>
        Enqueue(new Pending(generator, null, lmsDb, count, seed, cancel), arrival);

    Task<IReadOnlyList<byte[]>> Enqueue(Pending item, Arrival? arrival)
    {
        try
        {
            // Refused synchronously, before any await: a full queue costs the caller nothing.
            if (!queue.Writer.TryWrite(item))
                throw new RpcException(new Status(StatusCode.ResourceExhausted,
                    $"the generator is busy ({options.QueueCapacity} requests waiting); retry with back-off."));
        }
        finally { arrival?.Dispose(); }    // after the write: a gathering batch either sees it queued or still on its way
        return Completion(item);
    }

    static async Task<IReadOnlyList<byte[]>> Completion(Pending item)
    {
        ArraySegment<float> pixels;
        using (item.Cancel.Register(() => item.Done.TrySetCanceled(item.Cancel)))
            pixels = await item.Done.Task;
        return GeneratedImages.EncodePng(pixels, item.Count);
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            List<Pending> batch;
            try { batch = await Gather(stopping); }
            catch (OperationCanceledException) { break; }
            try { await workers.RunFirst(() => Run(batch), stopping); }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                foreach (var p in batch) p.Done.TrySetCanceled();
                break;
            }
            catch (Exception e)
            {
                logger.LogError(e, "a generation batch of {Requests} requests failed", batch.Count);
                foreach (var p in batch) p.Done.TrySetException(e);
            }
        }
        carried?.Done.TrySetCanceled();
        while (queue.Reader.TryRead(out var left)) left.Done.TrySetCanceled();
    }

    async Task<List<Pending>> Gather(CancellationToken stopping)
    {
        var first = carried ?? await queue.Reader.ReadAsync(stopping);
        carried = null;
        var batch = new List<Pending> { first };
        var samples = first.Count;
        CancellationTokenSource? window = null;    // made when first waited for: a lone request needs no timer
        try
        {
            while (samples < options.MaxBatchSamples)
            {
                if (queue.Reader.TryRead(out var next))
                {
                    if (samples + next.Count > options.MaxBatchSamples)
                    {
                        carried = next;    // starts the next batch; order is kept
                        break;
                    }
                    batch.Add(next);
                    samples += next.Count;
                    continue;
                }
                if (Volatile.Read(ref arriving) == 0) break;    // nobody on the way: waiting would only delay this batch
                if (window is null)
                {
                    window = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                    window.CancelAfter(options.Window);
                    Interlocked.Increment(ref windowsWaited);
                }
                try
                {
                    if (!await queue.Reader.WaitToReadAsync(window.Token)) break;
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                    break;    // the window closed
                }
            }
        }
        finally { window?.Dispose(); }
        return batch;
    }

    /// <summary>On a torch worker: drops the cancelled requests, then one forward pass per generator.</summary>
    int Run(List<Pending> batch)
    {
        var live = new List<Pending>(batch.Count);
        foreach (var p in batch)
        {
            if (p.Cancel.IsCancellationRequested || p.Done.Task.IsCompleted)
            {
                Interlocked.Increment(ref droppedRequests);
                dropped.Add(1);
                p.Done.TrySetCanceled(p.Cancel);
            }
            else live.Add(p);
        }
        foreach (var group in live.GroupBy(p => p.Generator))
        {
            var items = group.ToList();
            try
            {
                var pixels = Forward(group.Key, items);
                var size = pixels.Length / items.Sum(p => p.Count);
                var offset = 0;
                foreach (var p in items)
                {
                    p.Done.TrySetResult(new ArraySegment<float>(pixels, offset, p.Count * size));
                    offset += p.Count * size;
                }
            }
            catch (Exception e)
            {
                logger.LogError(e, "generation with {Model} failed", group.Key.Id);
                foreach (var p in items) p.Done.TrySetException(e);
            }
        }
        return live.Count;
    }

    /// <summary>
    /// The requests of one generator: their sounds' embeddings in one encoder pass, then one forward pass of core's
    /// pipeline → all pixels, CHW per image.
    /// </summary>
    float[] Forward(LoadedGenerator g, List<Pending> items)
    {
        var sounds = items.Where(p => p.Embedding is null).ToList();
        float[][] encoded = sounds.Count == 0 ? [] : SoundToImagePipeline.Conditions(g, sounds.Select(p => p.LmsDb!).ToList());
        var next = 0;
        var requests = items.Select(p => new ImageRequest(p.Embedding ?? encoded[next++], p.Count, p.Seed)).ToList();
        var pixels = SoundToImagePipeline.Generate(g, requests);
        Interlocked.Increment(ref forwardPasses);
        batchSamples.Record(items.Sum(p => p.Count));
        return pixels;
    }
}
