using System.Runtime.InteropServices;
using TorchSharp;

namespace CrossModal.Core.Runtime;

/// <summary>The device a process computes on, and the line that explains the choice.</summary>
public sealed record RuntimeSelection(torch.Device Device, int Threads, string Message);

/// <summary>
/// One-time torch setup for a process (CLI, service, test host): allocator tuning, thread count and device.
/// </summary>
public static class TorchRuntime
{
    // glibc mallopt parameters (malloc.h).
    private const int M_TRIM_THRESHOLD = -1;
    private const int M_MMAP_THRESHOLD = -3;
    private const int MmapThresholdBytes = 32 * 1024 * 1024;

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int param, int value);

    /// <summary><c>0</c>: never oneDNN; <c>1</c>: oneDNN everywhere, unchecked; unset: <see cref="OneDnnPolicy.Auto"/>.</summary>
    public const string OneDnnVariable = "CROSSMODAL_ONEDNN";

    /// <summary>This process's oneDNN policy, from <see cref="OneDnnVariable"/>.</summary>
    public static OneDnnPolicy OneDnn { get; private set; } = OneDnnPolicy.Auto;

    internal static OneDnnPolicy PolicyFrom(string? value) => value switch
    {
        "1" => OneDnnPolicy.On,
        "0" => OneDnnPolicy.Off,
        _ => OneDnnPolicy.Auto,
    };

    /// <summary>
    /// Overrides the policy for this process. A host that serves requests while it trains uses <see cref="OneDnnPolicy.Off"/>:
    /// a trainer switching the process-wide kernel choice would switch it under a concurrent request too.
    /// </summary>
    public static void UsePolicy(OneDnnPolicy policy)
    {
        OneDnn = policy;
        LibTorchContext.OneDnn = policy == OneDnnPolicy.On;
    }

    /// <summary>Whether libtorch may use oneDNN (MKLDNN) kernels in this process.</summary>
    public static bool OneDnnEnabled => LibTorchContext.OneDnn;

    /// <summary>
    /// Starts every process on ATen's reference convolution kernels (im2col + MKL GEMM), with oneDNN off unless
    /// <see cref="OneDnnVariable"/> is <c>1</c>, and NNPACK off (this CPU is not one it supports, and ATen would log that on
    /// every convolution). Why: libtorch 2.10's oneDNN (v3.7.1) computes some convolutions wrong on these machines, the
    /// same on 1 or 2 threads and with or without our allocator settings, other threads or tensor lifetimes (bench
    /// `onednn-faults`, docs/RELIABILITY.md). Training gets oneDNN's speed where it is proven right: a trainer turns it on
    /// for its own networks after a self-check (<see cref="Training.FastKernels"/>) and checks it while it trains
    /// (<see cref="Training.KernelCrossCheck"/>).
    /// A module initialiser: every process that loads core chooses before its first tensor operation, including test
    /// hosts and tools that never call <see cref="Initialise"/>.
    /// </summary>
#pragma warning disable CA2255 // a module initialiser in a library is exactly what is needed: before any kernel runs
    [System.Runtime.CompilerServices.ModuleInitializer]
#pragma warning restore CA2255
    internal static void ChooseConvolutionBackend()
    {
        OneDnn = PolicyFrom(Environment.GetEnvironmentVariable(OneDnnVariable));
        var oneDnn = OneDnn == OneDnnPolicy.On;
        try
        {
            LibTorchContext.MakeMklReproducible();
            LibTorchContext.OneDnn = oneDnn;
            LibTorchContext.DisableNnpack();
            LibTorchContext.FixMklThreadCount();
        }
        catch (DllNotFoundException) { }          // a host without libtorch: nothing to choose
        catch (EntryPointNotFoundException) { }   // another libtorch build: its defaults stay
    }

    /// <summary>
    /// Call once at process start. <paramref name="threads"/> is set explicitly because libtorch's CPU
    /// kernels split reductions by thread, so results are bit-reproducible only at a fixed thread count.
    /// <paramref name="device"/> is "auto" (CUDA when this build and machine have it, else CPU), "cpu" or "cuda".
    /// </summary>
    public static RuntimeSelection Initialise(int threads, string device = "auto")
    {
        if (threads < 1 || threads > 1024)
            throw new InvalidInputException($"thread count must be between 1 and 1024, got {threads}");
        var wanted = (device ?? "").Trim().ToLowerInvariant();
        if (wanted is not ("auto" or "cpu" or "cuda"))
            throw new InvalidInputException($"device must be auto, cpu or cuda, got '{device}'");

        TuneAllocator();
        torch.set_num_threads(threads);

        var cudaAvailable = torch.cuda.is_available();
        switch (wanted)
        {
            case "cuda" when !cudaAvailable:
                throw new InvalidInputException(
                    "device 'cuda' requested but CUDA is not available (this is the CPU build of libtorch, or no GPU is visible); use --device cpu or auto");
            case "cuda":
            case "auto" when cudaAvailable:
                return new RuntimeSelection(torch.CUDA, threads, $"device: cuda (CUDA available), {threads} CPU threads");
            case "auto":
                return new RuntimeSelection(torch.CPU, threads,
                    $"device: cpu (CUDA not available in this libtorch build or on this machine), {threads} threads");
            default:
                return new RuntimeSelection(torch.CPU, threads, $"device: cpu (requested), {threads} threads");
        }
    }

    /// <summary>
    /// Training allocates and frees many tensors of tens of MB per step. glibc's default dynamic mmap
    /// threshold sends each of them to mmap/munmap, and trimming returns freed pages to the kernel only
    /// to fault them in again next step. Serving them from the heap and never trimming made an S2I step at
    /// batch 64 go from ~1.7 s to ~0.95 s in an earlier measurement on the 2-core development machine; at the
    /// current default widths the difference was within run-to-run noise (docs/MODELS.md), and it costs nothing.
    /// </summary>
    private static void TuneAllocator()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            mallopt(M_MMAP_THRESHOLD, MmapThresholdBytes);
            mallopt(M_TRIM_THRESHOLD, int.MaxValue);
        }
        catch (DllNotFoundException) { /* non-glibc libc (e.g. musl): the defaults stay, only speed differs */ }
        catch (EntryPointNotFoundException) { }
    }
}
