using CrossModal.Core.Runtime;

namespace CrossModal.ModelServing;

/// <summary>
/// Torch is set up once per process (threads, allocator, device). A test process hosts several services; the first
/// host's choice holds for all of them, as it would for services sharing a process in production. A service serves on
/// libtorch's reference kernels and its trainers never switch to oneDNN (unless CROSSMODAL_ONEDNN=1): the choice is
/// process-wide, and a trainer switching it would switch it under a concurrent request (docs/RELIABILITY.md, bug 5).
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
            if (TorchRuntime.OneDnn == OneDnnPolicy.Auto) TorchRuntime.UsePolicy(OneDnnPolicy.Off);
            return selection;
        }
    }
}
