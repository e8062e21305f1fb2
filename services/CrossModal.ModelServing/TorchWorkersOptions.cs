using CrossModal.Core;

namespace CrossModal.ModelServing;

/// <summary>The threads that run a service's tensor work (section <c>CrossModal:TorchWorkers</c>, <see cref="TorchWorkers"/>).</summary>
public sealed class TorchWorkersOptions
{
    public const string Section = "CrossModal:TorchWorkers";

    /// <summary>
    /// Worker threads. Two by default: one can run a batch's forward pass while the other encodes a request's
    /// condition; each fans out to libtorch's own intra-op threads (<see cref="CrossModalOptions.Threads"/>).
    /// </summary>
    public int Threads { get; set; } = 2;

    /// <summary>Work items waiting beyond this are refused with RESOURCE_EXHAUSTED rather than queued without bound.</summary>
    public int QueueCapacity { get; set; } = 256;

    public void Validate()
    {
        if (Threads is < 1 or > 64) throw new InvalidInputException($"{Section}:Threads must be 1..64, got {Threads}.");
        if (QueueCapacity is < 1 or > 100_000) throw new InvalidInputException($"{Section}:QueueCapacity must be 1..100000, got {QueueCapacity}.");
    }
}
