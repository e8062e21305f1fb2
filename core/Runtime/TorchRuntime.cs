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

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int setenv(string name, string value, int overwrite);

    /// <summary>Set to <c>native</c> to let libtorch, oneDNN and MKL use every instruction set the CPU reports (AVX-512).</summary>
    public const string InstructionSetVariable = "CROSSMODAL_CPU_ISA";

    /// <summary>What <see cref="Initialise"/> did about the CPU instruction set (logged by hosts; "" before the call).</summary>
    public static string InstructionSetNote { get; private set; } = "";

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

        CapInstructionSet();
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

    static bool instructionSetChosen;

    /// <summary>
    /// Every process that loads core gets the cap before its first tensor operation, including test hosts and tools
    /// that never call <see cref="Initialise"/> (their first tensor may come before any Initialise).
    /// </summary>
#pragma warning disable CA2255 // a module initialiser in a library is exactly what is needed: before any kernel runs
    [System.Runtime.CompilerServices.ModuleInitializer]
#pragma warning restore CA2255
    internal static void CapInstructionSetOnLoad() => CapInstructionSet();

    /// <summary>
    /// Caps libtorch's kernels (ATen), oneDNN and MKL at AVX2 unless <see cref="InstructionSetVariable"/> is <c>native</c>.
    /// Why: on the 2-core development VMs (AMD EPYC with AVX-512), a GAN-CLS step at 2 threads produced NaN in about
    /// a third of fresh runs (bench `gan-step`: 4 of 12 at step 1–4), never at 1 thread, and 0 of 20 with all three
    /// libraries held to AVX2 (capping any one or two was not enough). The same corruption can stall a small classifier
    /// at chance. Correct numbers matter more than AVX-512's speed; docs/PERFORMANCE.md measures the step with the cap.
    /// The libraries read these variables at their first kernel, so this must run before any tensor work; .NET's
    /// Environment.SetEnvironmentVariable does not reach native getenv on Linux, hence libc's setenv. A variable the
    /// user already set is left alone.
    /// </summary>
    private static void CapInstructionSet()
    {
        if (instructionSetChosen) return;
        instructionSetChosen = true;
        if (!OperatingSystem.IsLinux()) return;
        if (string.Equals(Environment.GetEnvironmentVariable(InstructionSetVariable), "native", StringComparison.OrdinalIgnoreCase))
        {
            InstructionSetNote = $"CPU instruction set: native ({InstructionSetVariable}=native)";
            return;
        }
        try
        {
            setenv("ATEN_CPU_CAPABILITY", "avx2", 0);
            setenv("DNNL_MAX_CPU_ISA", "AVX2", 0);
            setenv("MKL_ENABLE_INSTRUCTIONS", "AVX2", 0);
            InstructionSetNote = $"CPU instruction set: capped at AVX2 ({InstructionSetVariable}=native lifts the cap)";
        }
        catch (DllNotFoundException) { }
        catch (EntryPointNotFoundException) { }
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
