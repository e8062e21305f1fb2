using System.Diagnostics;
using CrossModal.Cli;

namespace CrossModal.Reliability.Tests.Cli;

/// <summary>
/// Runs `crossmodal` commands in this process (exactly what Program.cs does: parse and invoke the command tree) with
/// stdout and stderr captured. Hundreds of hostile inputs would take many minutes as separate processes on a 2-core
/// machine; <see cref="CliProcess"/> runs a sample of them as real processes too.
/// </summary>
public static class InProcessCli
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr, TimeSpan Elapsed);

    static readonly SemaphoreSlim ConsoleGate = new(1, 1);

    static InProcessCli()
    {
        // Spectre.Console binds its consoles to the Console writers current when first used: bind them to the real
        // ones now, before any capture, so no progress bar writes into a capture that was disposed.
        _ = CliAction.ProgressConsole;
        _ = Spectre.Console.AnsiConsole.Console;
    }

    public static async Task<Result> Run(params string[] args)
    {
        await ConsoleGate.WaitAsync();
        var (stdout, stderr) = (Console.Out, Console.Error);
        try
        {
            using StringWriter o = new(), e = new();
            Console.SetOut(o);
            Console.SetError(e);
            var clock = Stopwatch.StartNew();
            var code = await CliApp.BuildRoot().Parse(args).InvokeAsync();
            return new Result(code, o.ToString(), e.ToString(), clock.Elapsed);
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            ConsoleGate.Release();
        }
    }
}

/// <summary>The built `crossmodal` program as a separate process, as a user runs it.</summary>
public static class CliProcess
{
    public static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "crossmodal.dll");

    public static InProcessCli.Result Run(TimeSpan timeout, params string[] args)
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
        return new InProcessCli.Result(p.ExitCode, stdout.Result, stderr.Result, clock.Elapsed);
    }
}
