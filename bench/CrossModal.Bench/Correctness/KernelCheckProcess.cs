using System.Diagnostics;
using System.Text.Json;
using CrossModal.Core.Runtime;

namespace CrossModal.Bench.Correctness;

/// <summary>
/// Runs <see cref="KernelCheck"/> in a fresh process of this harness and returns the JSON object it prints: a fresh
/// process, because oneDNN's ISA and the allocator settings are fixed at a process's first kernel.
/// </summary>
public static class KernelCheckProcess
{
    public static JsonElement Run(IEnumerable<string> arguments, string? oneDnnIsa = null)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("kernel-check");
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        if (oneDnnIsa is not null) psi.Environment[LibTorchContext.OneDnnIsaVariable] = oneDnnIsa;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start the kernel check");
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"kernel-check {string.Join(' ', psi.ArgumentList)} exited with {p.ExitCode}: {stderr.Result.Trim()}");
        return JsonDocument.Parse(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last()).RootElement.Clone();
    }
}
