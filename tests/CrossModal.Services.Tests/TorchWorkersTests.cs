using System.Collections.Concurrent;
using CrossModal.ModelServing;
using CrossModal.Protos.V1;
using CrossModal.GeneratorService.Generation;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static TorchSharp.torch;

namespace CrossModal.Services.Tests;

/// <summary>The fixed threads on which the services run their tensor work (docs/SERVICES.md).</summary>
[Collection(ServicesCollection.Name)]
public class TorchWorkersTests(ServicesFixture f)
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>An item that holds its worker until <paramref name="release"/> is set; <paramref name="started"/> says it runs.</summary>
    static Task<int> Hold(TorchWorkers workers, ManualResetEventSlim started, ManualResetEventSlim release) =>
        workers.Run(() =>
        {
            started.Set();
            release.Wait(Patience);
            return 0;
        });

    [Fact]
    public async Task TensorWorkFromManyConcurrentCallersRunsOnTheWorkersThreadsOnly()
    {
        using var workers = new TorchWorkers(new TorchWorkersOptions { Threads = 2 });
        var seen = new ConcurrentDictionary<int, int>();
        var sums = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => workers.Run(() =>
        {
            seen.AddOrUpdate(Environment.CurrentManagedThreadId, 1, (_, n) => n + 1);
            using var _ = inference_mode();
            var x = full(new long[] { 8, 8 }, (float)i);
            return matmul(x, ones(8, 8)).sum().item<float>();
        }))));
        Assert.Equal(Enumerable.Range(0, 64).Select(i => 64f * 8 * i), sums);
        Assert.InRange(seen.Count, 1, 2);
        Assert.Subset(workers.ThreadIds.ToHashSet(), seen.Keys.ToHashSet());
        Assert.Equal(64, seen.Values.Sum());
        Assert.False(workers.OnWorker);
    }

    [Fact]
    public async Task EachItemRunsInsideADisposeScope()
    {
        using var workers = new TorchWorkers(new TorchWorkersOptions { Threads = 1 });
        Tensor? made = null;
        var value = await workers.Run(() =>
        {
            made = ones(3);
            return made.sum().item<float>();
        });
        Assert.Equal(3f, value);
        Assert.True(made!.IsInvalid);
    }

    [Fact]
    public async Task ExceptionsReachTheCaller()
    {
        using var workers = new TorchWorkers(new TorchWorkersOptions { Threads = 1 });
        var e = await Assert.ThrowsAsync<Core.InvalidInputException>(() => workers.Run<int>(() => throw new Core.InvalidInputException("bad input")));
        Assert.Equal("bad input", e.Message);
        Assert.Equal(1, await workers.Run(() => 1));    // the worker survives it
    }

    [Fact]
    public async Task ACallCancelledBeforeItsWorkStartsIsDroppedAndEndsCancelled()
    {
        using var workers = new TorchWorkers(new TorchWorkersOptions { Threads = 1 });
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var holding = Hold(workers, started, release);
        Assert.True(started.Wait(Patience));
        using var cts = new CancellationTokenSource();
        var ran = false;
        var waiting = workers.Run(() => ran = true, cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);   // at once, while the worker is still held
        release.Set();
        await holding;
        Assert.Equal(2, await workers.Run(() => 2));    // queued after the cancelled one, so it has been passed by now
        Assert.False(ran);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => workers.Run(() => 3, cts.Token));
    }

    [Fact]
    public async Task AFullQueueIsRefusedWithResourceExhaustedButABatchIsNot()
    {
        using var workers = new TorchWorkers(new TorchWorkersOptions { Threads = 1, QueueCapacity = 1 });
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var holding = Hold(workers, started, release);
        Assert.True(started.Wait(Patience));
        var queued = workers.Run(() => 1);
        var e = Assert.Throws<RpcException>(() => { _ = workers.Run(() => 2); });
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        var order = new ConcurrentQueue<string>();
        var batch = workers.RunFirst(() => { order.Enqueue("batch"); return 3; });
        release.Set();
        await holding;
        Assert.Equal(3, await batch);
        Assert.Equal(1, await queued);
        Assert.Equal(4, await workers.Run(() => 4));    // room again once the queue drained
        Assert.Equal(["batch"], order);
    }

    [Fact]
    public async Task DisposalCancelsQueuedWorkLetsRunningWorkFinishAndEndsTheThreads()
    {
        var workers = new TorchWorkers(new TorchWorkersOptions { Threads = 2 });
        var threads = new ConcurrentBag<Thread>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => workers.Run(() => { threads.Add(Thread.CurrentThread); Thread.Sleep(5); return 0; })));
        using var started0 = new ManualResetEventSlim();
        using var started1 = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var held = new[] { Hold(workers, started0, release), Hold(workers, started1, release) };
        Assert.True(started0.Wait(Patience) && started1.Wait(Patience));
        var queued = Enumerable.Range(0, 4).Select(i => workers.Run(() => i)).ToList();
        var disposing = Task.Run(workers.Dispose);
        await Task.Delay(100);
        release.Set();
        await disposing.WaitAsync(Patience);
        var results = await Task.WhenAll(held);
        Assert.Equal(new[] { 0, 0 }, results);
        foreach (var q in queued) await Assert.ThrowsAnyAsync<OperationCanceledException>(() => q);
        Assert.All(threads.Distinct(), t => Assert.False(t.IsAlive));
        Assert.Throws<ObjectDisposedException>(() => { _ = workers.Run(() => 0); });
    }

    [Fact]
    public async Task TheGeneratorRunsConditionEncodingBatchesAndImageToSoundOnItsWorkers()
    {
        var workers = f.Generator.Services.GetRequiredService<TorchWorkers>();
        await f.Generator.Services.GetRequiredService<GeneratorWarmUp>().Done.WaitAsync(TimeSpan.FromMinutes(1));   // its runs are not counted here
        var client = new Protos.V1.GeneratorService.GeneratorServiceClient(f.GeneratorChannel);
        var before = workers.Completed;
        var wavs = Enumerable.Range(0, 6).Select(i => client.SoundToImageAsync(new SoundToImageRequest { Wav = Samples.Wav(), Count = 1, Seed = i }).ResponseAsync);
        var sounds = Enumerable.Range(0, 2).Select(i => client.ImageToSoundAsync(new ImageToSoundRequest { Image = Samples.Png(i), Seed = i }).ResponseAsync);
        await Task.WhenAll(wavs.Cast<Task>().Concat(sounds));
        // The WAVs are encoded inside their batches' runs: at least one batch, at most six, and 2 image-to-sound calls
        // (counted just after each answer is set).
        for (var i = 0; i < 100 && workers.Completed - before < 1 + 2; i++) await Task.Delay(20);
        Assert.InRange(workers.Completed - before, 1 + 2, 6 + 2);
    }

    [Fact]
    public async Task TheGeneratorWarmsItsDefaultModelOnEveryWorkerAtStart()
    {
        var warmUp = f.Generator.Services.GetRequiredService<GeneratorWarmUp>();
        await warmUp.Done.WaitAsync(TimeSpan.FromMinutes(1));
        // One full-size batch per worker, through core's pipeline (the fixture's store holds s2i-c).
        Assert.StartsWith("ran s2i-c at batch 64 on 2 workers", warmUp.Outcome);
    }
}
