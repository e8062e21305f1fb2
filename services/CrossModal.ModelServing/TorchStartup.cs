using CrossModal.Core.Runtime;

namespace CrossModal.ModelServing;

/// <summary>
/// Torch is set up once per process (threads, allocator, device). A test process hosts several services; the first
/// host's choice holds for all of them, as it would for services sharing a process in production.
/// </summary>
public static class TorchStartup
{
    static readonly object Gate = new();
    static RuntimeSelection? selection;

    public static RuntimeSelection Initialise(CrossModalOptions options)
    {
        lock (Gate)
        {
            if (selection is not null) return selection;
            var threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
            selection = TorchRuntime.Initialise(threads, options.Device);
            return selection;
        }
    }
}
