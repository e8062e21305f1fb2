using CrossModal.Core.Generation;
using CrossModal.Domain;
using CrossModal.ModelServing;

namespace CrossModal.GeneratorService.Generation;

/// <summary>
/// Before traffic, runs the default sound-to-image generator (<see cref="S2IModelIds.ProductDefault"/>, else S2I-C) once
/// on every torch worker at the batcher's largest batch, through core's pipeline (not the batcher: its counters count
/// requests). Why: glibc's heap (two arenas, never trimmed, <c>TorchRuntime</c>) and each worker's libtorch state grow
/// to their working size with the largest batches a worker has run; under the mixed load of the memory benchmark that
/// took the first ~1,500 requests, so the generator's memory climbed for the first minute of traffic and the first
/// large batches paid for the allocations (docs/PERFORMANCE.md). A service without that model, or without a store yet,
/// skips it; a failure is logged, never fatal.
/// </summary>
public sealed class GeneratorWarmUp(ServiceModels models, TorchWorkers workers, BatchingOptions batching, ILogger<GeneratorWarmUp> logger)
    : BackgroundService
{
    /// <summary>Completes when the warm-up has run, been skipped or failed.</summary>
    public Task Done => done.Task;

    /// <summary>What the warm-up did ("ran …", "skipped: …", "failed: …"), once <see cref="Done"/>.</summary>
    public string? Outcome { get; private set; }

    readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        try
        {
            var id = S2IModelIds.DefaultIn(models.Has);
            try
            {
                models.Require(id);
            }
            catch (ModelNotFoundException)
            {
                Outcome = $"skipped: the store has no {id}";
                logger.LogInformation("warm-up {Outcome}", Outcome);
                return;
            }
            var generator = models.Generator(id);
            var request = new ImageRequest(new float[generator.Network.EmbeddingSize], batching.MaxBatchSamples, Seed: 0);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            // One item per worker, queued together: each worker takes one.
            await Task.WhenAll(workers.ThreadIds.Select(_ => workers.Run(() => SoundToImagePipeline.Generate(generator, [request]).Length, stopping)));
            Outcome = $"ran {id} at batch {batching.MaxBatchSamples} on {workers.ThreadIds.Count} workers in {clock.ElapsedMilliseconds} ms";
            logger.LogInformation("warm-up {Outcome}", Outcome);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested) { Outcome = "skipped: the service stopped"; }
        catch (Exception e)
        {
            Outcome = $"failed: {e.Message}";
            logger.LogWarning(e, "warm-up failed; the generator serves without it");
        }
        finally
        {
            done.TrySetResult();
        }
    }
}
