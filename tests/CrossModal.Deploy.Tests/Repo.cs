using System.Diagnostics;

namespace CrossModal.Deploy.Tests;

/// <summary>The repository the tests run from, and bounded runs of the command-line tools they check with.</summary>
public static class Repo
{
    /// <summary>The nearest folder above the test binaries that holds CrossModal.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CrossModal.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no CrossModal.sln above {AppContext.BaseDirectory}");
    }

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs <paramref name="file"/> in the repository root; a missing tool or a run past the timeout fails the test with a clear message.</summary>
    public static Result Run(string file, IEnumerable<string> args, TimeSpan timeout, string? missingHint = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        Process process;
        try { process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}"); }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new Xunit.Sdk.XunitException($"'{file}' could not be run ({e.Message}). {missingHint}");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new Xunit.Sdk.XunitException($"'{file} {string.Join(' ', args)}' ran past {timeout.TotalSeconds} s and was stopped.");
            }
            process.WaitForExit();
            return new Result(process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
