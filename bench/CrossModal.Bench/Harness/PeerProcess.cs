using System.Diagnostics;
using System.Text.Json;

namespace CrossModal.Bench.Harness;

/// <summary>Runs a Python peer (bench/peer/*.py) and returns the JSON object it prints last on stdout.</summary>
public static class PeerProcess
{
    public static string Python => Environment.GetEnvironmentVariable("CROSSMODAL_BENCH_PYTHON") ?? "/usr/bin/python3";

    public static JsonElement Run(string script, params string[] arguments)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(script);
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {Python}");
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(script)} exited with {p.ExitCode}: {stderr.Result.Trim()}");
        var last = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
            ?? throw new InvalidOperationException($"{Path.GetFileName(script)} printed nothing");
        return JsonDocument.Parse(last).RootElement.Clone();
    }
}
