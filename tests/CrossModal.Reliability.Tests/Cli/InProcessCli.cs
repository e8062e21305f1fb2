using System.Diagnostics;
using CrossModal.Cli;
using CrossModal.TestSupport;

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
