using System.Runtime.InteropServices;

namespace CrossModal.Core.Runtime;

/// <summary>
/// The few switches of libtorch's global <c>at::Context</c> (and libc's environment) that TorchSharp does not expose:
/// whether convolutions may run on oneDNN (MKLDNN) or NNPACK, flushing of denormals, and MKL's threading and
/// reproducibility. Each throws <see cref="DllNotFoundException"/> or <see cref="EntryPointNotFoundException"/>
/// on a host without this libtorch build; callers decide what that means.
/// </summary>
public static class LibTorchContext
{
    /// <summary>oneDNN's variable for its highest instruction set (read once, at its first kernel; the bench varies it).</summary>
    public const string OneDnnIsaVariable = "DNNL_MAX_CPU_ISA";

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.I1)] bool enabled);

    [DllImport("libtorch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.I1)]
    private static extern bool UserEnabledMkldnn(IntPtr context);

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.I1)] bool enabled);

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context16setFlushDenormalEb")]
    [return: MarshalAs(UnmanagedType.I1)]
    private static extern bool SetFlushDenormal(IntPtr context, [MarshalAs(UnmanagedType.I1)] bool on);

    [DllImport("libtorch_cpu", EntryPoint = "MKL_Set_Dynamic")]
    private static extern void MklSetDynamic(int dynamic);

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetNativeEnvironment(string name, string value, int overwrite);

    /// <summary>Whether libtorch may run convolutions (and their gradients) through oneDNN.</summary>
    public static bool OneDnn
    {
        get => UserEnabledMkldnn(GlobalContext());
        set => SetUserEnabledMkldnn(GlobalContext(), value);
    }

    /// <summary>NNPACK is never wanted here: these CPUs are not ones it supports, and ATen logs that on every convolution.</summary>
    public static void DisableNnpack() => SetUserEnabledNnpack(GlobalContext(), false);

    /// <summary>
    /// Keeps MKL (bundled in libtorch) at the thread count it is given: by default it may use fewer threads for a matrix
    /// product when it sees the machine busy, which changes the summation order, so results would depend on the load.
    /// </summary>
    public static void FixMklThreadCount() => MklSetDynamic(0);

    /// <summary>
    /// MKL's strict conditional numerical reproducibility (<c>MKL_CBWR=AUTO,STRICT</c>, unless the process was started
    /// with MKL_CBWR set): a matrix product gives the same bits whatever the alignment of its buffers. Why: without it the
    /// same seed gave images that differed in the last bits depending on what the process had allocated before (a test
    /// host's InferenceTests, after other tests). Must run before MKL's first call, which reads the variable once.
    /// </summary>
    public static void MakeMklReproducible()
    {
        if (Environment.GetEnvironmentVariable("MKL_CBWR") is { Length: > 0 }) return;
        if (SetNativeEnvironment("MKL_CBWR", "AUTO,STRICT", 0) != 0) throw new InvalidOperationException("setenv(MKL_CBWR) failed");
    }

    /// <summary>Denormal floats flushed to zero (on the calling thread's FPU state, as at::Context does it); false where unsupported.</summary>
    public static bool FlushDenormals(bool on) => SetFlushDenormal(GlobalContext(), on);
}
