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

    /// <summary>Set to <c>1</c> to let libtorch run convolutions through oneDNN (see <see cref="ChooseConvolutionBackend"/>).</summary>
    public const string OneDnnVariable = "CROSSMODAL_ONEDNN";

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.I1)] bool enabled);

    [DllImport("libtorch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.I1)]
    private static extern bool UserEnabledMkldnn(IntPtr context);

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.I1)] bool enabled);

    /// <summary>Whether libtorch may use oneDNN (MKLDNN) kernels in this process.</summary>
    public static bool OneDnnEnabled => UserEnabledMkldnn(GlobalContext());

    /// <summary>
    /// Keeps libtorch's convolutions off oneDNN (MKLDNN) unless <see cref="OneDnnVariable"/> is <c>1</c>; they run on
    /// ATen's own im2col + MKL GEMM kernels instead (NNPACK is turned off too: this CPU is not one it supports, and
    /// ATen would log that on every convolution). Why: on the 2-core development VMs (AMD EPYC, AVX-512) oneDNN at
    /// 2 threads now and then returned NaN or slightly wrong numbers for finite inputs. A fresh S2I training run (bench
    /// `gan-step --quick`) hit NaN in its first steps in 15 of 31 runs; a 1,000-step memory run stopped at step 15 with
    /// a NaN that came back in every retry of <see cref="Training.GuardedUpdate"/>; the trainer's exact-equality tests
    /// failed 1–4 of 13 per run while the machine was busy. oneDNN held to SSE4.1 or turned off: 0 failures (3 and 11
    /// busy runs). Off costs speed: a GAN-CLS step at batch 64 took 0.73 s instead of 0.26 s (docs/PERFORMANCE.md). A wrong
    /// result is worse than a slow one; a machine where oneDNN is sound can turn it back on.
    /// A module initialiser: every process that loads core chooses before its first tensor operation, including test
    /// hosts and tools that never call <see cref="Initialise"/>.
    /// </summary>
#pragma warning disable CA2255 // a module initialiser in a library is exactly what is needed: before any kernel runs
    [System.Runtime.CompilerServices.ModuleInitializer]
#pragma warning restore CA2255
    internal static void ChooseConvolutionBackend()
    {
        var oneDnn = Environment.GetEnvironmentVariable(OneDnnVariable) == "1";
        try
        {
            var context = GlobalContext();
            SetUserEnabledMkldnn(context, oneDnn);
            SetUserEnabledNnpack(context, false);
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
