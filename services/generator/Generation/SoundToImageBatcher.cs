using System.Diagnostics.Metrics;
using System.Threading.Channels;
using CrossModal.Core.Generation;
using CrossModal.ModelServing;
using Grpc.Core;

namespace CrossModal.GeneratorService.Generation;

/// <summary>
/// Dynamic batching of SoundToImage: requests (already encoded to an embedding) wait in a bounded queue; one loop takes
/// the first, lets others join for <see cref="BatchingOptions.Window"/> or until
/// <see cref="BatchingOptions.MaxBatchSamples"/> images are gathered, then runs core's pipeline on the service's
/// <see cref="TorchWorkers"/> (ahead of queued request work, never refused: its requests were admitted already)
/// (<see cref="SoundToImagePipeline.Generate"/>: one forward pass per generator in the batch, each request with the noise
/// of its own seed, so its images do not depend on what it was batched with).
/// A request whose call was cancelled or whose deadline passed while it waited is dropped before the forward pass;
/// a full queue is refused at once (RESOURCE_EXHAUSTED) so that clients back off instead of piling up.
/// The forward pass only runs the networks and copies the pixels out once; each request PNG-encodes its own images on its
/// own thread, so encoding overlaps the next batch's forward pass instead of delaying it (docs/PERFORMANCE.md).
/// </summary>
public sealed class SoundToImageBatcher : BackgroundService
{
    public const string MeterName = "CrossModal.Generator";

    sealed record Pending(LoadedGenerator Generator, ImageRequest Request, CancellationToken Cancel)
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
    long forwardPasses, droppedRequests;

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

    /// <summary>Queues a request; the task ends with its PNGs, or cancelled when <paramref name="cancel"/> fires first.</summary>
    public Task<IReadOnlyList<byte[]>> Generate(LoadedGenerator generator, float[] embedding, int count, long seed, CancellationToken cancel)
    {
        var item = new Pending(generator, new ImageRequest(embedding, count, seed), cancel);
        // Refused synchronously, before any await: a full queue costs the caller nothing.
        if (!queue.Writer.TryWrite(item))
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"the generator is busy ({options.QueueCapacity} requests waiting); retry with back-off."));
        return Completion(item, cancel);
    }

    static async Task<IReadOnlyList<byte[]>> Completion(Pending item, CancellationToken cancel)
    {
        ArraySegment<float> pixels;
        using (cancel.Register(() => item.Done.TrySetCanceled(cancel)))
            pixels = await item.Done.Task;
        return GeneratedImages.EncodePng(pixels, item.Request.Count);
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
        var samples = first.Request.Count;
        using var window = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        window.CancelAfter(options.Window);
        while (samples < options.MaxBatchSamples)
        {
            if (queue.Reader.TryRead(out var next))
            {
                if (samples + next.Request.Count > options.MaxBatchSamples)
                {
                    carried = next;    // starts the next batch; order is kept
                    break;
                }
                batch.Add(next);
                samples += next.Request.Count;
                continue;
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
                var size = pixels.Length / items.Sum(p => p.Request.Count);
                var offset = 0;
                foreach (var p in items)
                {
                    p.Done.TrySetResult(new ArraySegment<float>(pixels, offset, p.Request.Count * size));
                    offset += p.Request.Count * size;
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

    /// <summary>One forward pass of core's pipeline over the requests of one generator → all pixels, CHW per image.</summary>
    float[] Forward(LoadedGenerator g, List<Pending> items)
    {
        var pixels = SoundToImagePipeline.Generate(g, items.Select(p => p.Request).ToList());
        Interlocked.Increment(ref forwardPasses);
        batchSamples.Record(items.Sum(p => p.Request.Count));
        return pixels;
    }
}
