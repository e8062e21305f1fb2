using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CrossModal.Cli;

/// <summary>
/// Runs the heavy commands (train, evaluate, report, experiment) in a process whose glibc malloc asks for transparent
/// huge pages. Why: glibc serves every allocation of 32 MiB or more — the most <c>mallopt</c> allows as its mmap
/// threshold — with a fresh mmap, whose memory faults in one 4 KiB page at a time when first touched, and a training
/// step allocates such tensors by the dozen (the upsampling generator's 64x64 maps of 32 channels at batch 64 are
/// exactly 32 MiB). On the development VMs those faults made its step 3.4 s instead of 0.96 s (bench
/// <c>gan-arm-steps</c>, docs/PERFORMANCE.md). <c>glibc.malloc.hugetlb=1</c> makes malloc advise its mmaps for 2 MiB
/// pages (512 times fewer faults; the kernel's setting here is "madvise"), but glibc reads its tunables only when a
/// process starts: so the CLI starts itself once more with the tunable set and passes its exit code on.
/// </summary>
static class HugePageRestart
{
    const string Variable = "GLIBC_TUNABLES", Tunable = "glibc.malloc.hugetlb", Parent = "CROSSMODAL_RESTARTED_BY";
    static readonly HashSet<string> HeavyCommands = ["train", "evaluate", "report", "experiment"];

    /// <summary>The exit code of the restarted CLI, or null when this process should run the command itself.</summary>
    public static int? Run(string[] args)
    {
        if (!OperatingSystem.IsLinux() || args.Length == 0 || !HeavyCommands.Contains(args[0])) return null;
        var tunables = Environment.GetEnvironmentVariable(Variable);
        if (tunables?.Contains(Tunable) == true)   // set by the caller, or this is the restarted process
        {
            DieWithParent();
            return null;
        }
        var host = Environment.ProcessPath;
        if (host is null) return null;
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        // Run as `dotnet crossmodal.dll ...` the host is dotnet, and the assembly comes first.
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(HugePageRestart).Assembly.Location);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment[Variable] = string.IsNullOrEmpty(tunables) ? $"{Tunable}=1" : $"{tunables}:{Tunable}=1";
        start.Environment[Parent] = Environment.ProcessId.ToString();
        using var child = Process.Start(start)!;
        // Ctrl-C reaches the whole foreground process group, the child included; a SIGTERM sent to this process alone
        // (a supervisor stopping it) is passed on, so the child stops as the command would have.
        Console.CancelKeyPress += (_, e) => e.Cancel = true;
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            _ = kill(child.Id, 15);
        });
        child.WaitForExit();
        return child.ExitCode;
    }

    /// <summary>
    /// In the restarted process: dies with the process that started it, even when that one is killed outright (SIGKILL
    /// cannot be passed on) — a killed command must not go on training in the background.
    /// </summary>
    static void DieWithParent()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable(Parent), out var parent)) return;
        Environment.SetEnvironmentVariable(Parent, null);   // not inherited by what this process starts
        _ = prctl(PrSetPdeathsig, 9);
        // The parent may have died before prctl: then this process was already handed to another parent.
        if (getppid() != parent) Environment.Exit(137);
    }

    const int PrSetPdeathsig = 1;

    [DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int signal);

    [DllImport("libc", SetLastError = true)]
    static extern int prctl(int option, ulong arg2);

    [DllImport("libc")]
    static extern int getppid();
}
