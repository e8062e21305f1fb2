namespace CrossModal.Bench.Harness;

/// <summary>Resident set size read from /proc (what the OS charges a process, native libtorch memory included).</summary>
public static class ProcessMemory
{
    public static long RssBytes() => RssBytes("self");

    public static long RssBytes(int pid) => RssBytes(pid.ToString());

    static long RssBytes(string process)
    {
        foreach (var line in File.ReadLines($"/proc/{process}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        throw new InvalidOperationException($"/proc/{process}/status has no VmRSS line");
    }
}
