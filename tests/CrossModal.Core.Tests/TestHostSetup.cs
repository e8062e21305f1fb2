using System.Runtime.CompilerServices;
using CrossModal.Core.Runtime;
using CrossModal.Core.Training;

namespace CrossModal.Core.Tests;

/// <summary>Process-wide settings of this test host, made before any test runs.</summary>
static class TestHostSetup
{
    /// <summary>
    /// Trainers switch libtorch's process-wide kernel choice (FastKernels, KernelCrossCheck); tests here run in parallel
    /// and many compare two training runs bit for bit, so this host stays on the reference kernels, like a serving
    /// process, and the tests of those switches (in the serial collection) turn them on.
    /// </summary>
    [ModuleInitializer]
    internal static void Initialise()
    {
        TorchRuntime.UsePolicy(OneDnnPolicy.Off);
        KernelCrossCheck.Enabled = false;
    }
}
