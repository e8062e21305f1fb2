using CrossModal.Core;

namespace CrossModal.GeneratorService.Generation;

/// <summary>Dynamic batching of SoundToImage (section <c>CrossModal:Batching</c>).</summary>
public sealed class BatchingOptions
{
    public const string Section = "CrossModal:Batching";

    /// <summary>
    /// How long the first request of a batch waits for others to join. Short, because under load requests queue while
    /// the worker is busy anyway; a lone client pays the whole window on every request (docs/PERFORMANCE.md: 5 → 1 ms).
    /// </summary>
    public double WindowMilliseconds { get; set; } = 1;

    /// <summary>Most images generated in one forward pass (the sum of the batched requests' counts).</summary>
    public int MaxBatchSamples { get; set; } = 64;

    /// <summary>Requests waiting beyond this are refused with RESOURCE_EXHAUSTED rather than queued without bound.</summary>
    public int QueueCapacity { get; set; } = 256;

    public TimeSpan Window => TimeSpan.FromMilliseconds(WindowMilliseconds);

    public void Validate()
    {
        if (WindowMilliseconds is < 0 or > 1000) throw new InvalidInputException($"{Section}:WindowMilliseconds must be 0..1000, got {WindowMilliseconds}.");
        if (MaxBatchSamples is < 64 or > 4096) throw new InvalidInputException($"{Section}:MaxBatchSamples must be 64..4096 (a request may ask for 64 images), got {MaxBatchSamples}.");
        if (QueueCapacity is < 1 or > 100_000) throw new InvalidInputException($"{Section}:QueueCapacity must be 1..100000, got {QueueCapacity}.");
    }
}
