using System.Diagnostics;

namespace CrossModal.Cli.Tests;

/// <summary>Tiny performance videos for the CLI tests, made with the ffmpeg command line.</summary>
static class DatasetBuildTestVideos
{
    /// <summary>96x64 testsrc at 25 fps with a sine, H.264 + AAC.</summary>
    public static void Tone(string path, double seconds, int frequency = 440)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[]
        {
            "-v", "error", "-y", "-threads", "1",
            "-f", "lavfi", "-i", $"testsrc=size=96x64:rate=25:duration={seconds}",
            "-f", "lavfi", "-i", $"sine=frequency={frequency}:sample_rate=44100:duration={seconds}",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", path,
        }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"ffmpeg failed: {err.Result}");
    }
}
