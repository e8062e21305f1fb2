namespace CrossModal.Bench.Harness;

/// <summary>Progress lines on stderr (stdout carries the Markdown).</summary>
public static class Log
{
    public static void Info(string message) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");
}
