namespace CrossModal.Bench.Harness;

/// <summary>Resident set size and thread count read from /proc (what the OS charges a process, native libtorch memory included).</summary>
public static class ProcessMemory
{
    public static long RssBytes() => RssBytes("self");

    public static long RssBytes(int pid) => RssBytes(pid.ToString());

    /// <summary>The process's threads now (managed, native and libtorch's OpenMP teams alike).</summary>
    public static int Threads(int pid) => (int)StatusField(pid.ToString(), "Threads:");

    static long RssBytes(string process) => StatusField(process, "VmRSS:") * 1024;

    static long StatusField(string process, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{process}/status"))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1]);
        throw new InvalidOperationException($"/proc/{process}/status has no {field} line");
    }
}
