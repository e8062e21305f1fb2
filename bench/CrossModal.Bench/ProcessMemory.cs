namespace CrossModal.Bench;

/// <summary>Resident set size of this process, read from /proc (what the OS charges us, native libtorch memory included).</summary>
public static class ProcessMemory
{
    public static long RssBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        throw new InvalidOperationException("/proc/self/status has no VmRSS line");
    }
}
