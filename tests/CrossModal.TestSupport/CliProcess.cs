using System.Diagnostics;

namespace CrossModal.TestSupport;

/// <summary>Runs the built `crossmodal` program (crossmodal.dll beside the test binaries) as a separate process, as a user would.</summary>
public static class CliProcess
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr, TimeSpan Elapsed);

    public static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "crossmodal.dll");

    public static Result Run(params string[] args) => Run(TimeSpan.FromMinutes(5), args);

    public static Result Run(TimeSpan timeout, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"crossmodal {string.Join(' ', args)} did not finish within {timeout}.");
        }
        return new Result(p.ExitCode, stdout.Result, stderr.Result, clock.Elapsed);
    }
}
