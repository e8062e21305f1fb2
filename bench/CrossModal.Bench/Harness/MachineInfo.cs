using System.Runtime.InteropServices;
using TorchSharp;

namespace CrossModal.Bench.Harness;

/// <summary>What the figures were measured on: CPU, cores, memory, OS, .NET, libtorch, and how busy the machine was.</summary>
public static class MachineInfo
{
    public static int Run(BenchArgs args)
    {
        var md = new Markdown().Heading("Machine");
        md.Table(["", ""],
        [
            ["CPU", CpuModel()],
            ["logical cores", Environment.ProcessorCount.ToString()],
            ["memory", $"{TotalMemoryGiB():F1} GiB"],
            ["OS", OsName()],
            [".NET", RuntimeInformation.FrameworkDescription],
            ["libtorch (TorchSharp)", $"{torch.__version__} (TorchSharp {typeof(torch).Assembly.GetName().Version})"],
            ["torch threads used", args.Threads.ToString()],
            ["load average at start", LoadAverage()],
            ["date (UTC)", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm")],
        ]);
        md.Emit(args);
        return 0;
    }

    public static string CpuModel() =>
        ReadKey("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();

    public static double TotalMemoryGiB() =>
        ReadKey("/proc/meminfo", "MemTotal") is { } v ? long.Parse(v.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]) / 1048576.0 : double.NaN;

    public static string OsName() =>
        ReadKey("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') is { } name ? $"{name} (kernel {Environment.OSVersion.Version})" : RuntimeInformation.OSDescription;

    /// <summary>1, 5 and 15 minute load averages: above the core count, other work was competing for the CPU.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    static string? ReadKey(string file, string key, char separator = ':')
    {
        if (!File.Exists(file)) return null;
        foreach (var line in File.ReadLines(file))
        {
            var i = line.IndexOf(separator);
            if (i > 0 && line[..i].Trim() == key) return line[(i + 1)..].Trim();
        }
        return null;
    }
}
