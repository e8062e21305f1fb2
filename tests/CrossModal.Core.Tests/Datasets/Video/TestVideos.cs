using System.Diagnostics;

namespace CrossModal.Core.Tests.Datasets.Video;

/// <summary>Makes tiny test videos with the ffmpeg command line (the product itself goes through FFMpegCore).</summary>
public static class TestVideos
{
    /// <summary>
    /// 3 s at 10 fps, 64x48: frames whose number is a multiple of 5 (the first frame of each 0.5 s chunk) are
    /// white, the others black, so a builder that picks the wrong frame makes dark images. Audio: a 440 Hz sine for
    /// 1.4 s, then digital silence, so chunks 0–2 are audible and 3–5 silent. MPEG-4 video, PCM audio, Matroska.
    /// </summary>
    public static void MarkedFramesWithSilence(string path) => Ffmpeg(
        "-f", "lavfi", "-i", "color=c=black:s=64x48:r=10:d=3,format=yuv420p,geq=lum='if(mod(N\\,5)\\,16\\,235)':cb=128:cr=128",
        "-f", "lavfi", "-i", "aevalsrc='0.5*sin(2*PI*440*t)*lt(t\\,1.4)':s=44100:d=3",
        "-c:v", "mpeg4", "-q:v", "3", "-c:a", "pcm_s16le", "-t", "3", path);

    /// <summary>testsrc 96x64 at 25 fps with a steady sine, H.264 + AAC in MP4: the common real-world shape.</summary>
    public static void Tone(string path, double seconds, int frequency = 660) => Ffmpeg(
        "-f", "lavfi", "-i", $"testsrc=size=96x64:rate=25:duration={seconds}",
        "-f", "lavfi", "-i", $"sine=frequency={frequency}:sample_rate=44100:duration={seconds}",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", path);

    public static void VideoOnly(string path) => Ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=64x64:rate=10:duration=1", "-c:v", "mpeg4", path);

    public static void AudioOnly(string path) => Ffmpeg(
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=1", "-c:a", "pcm_s16le", path);

    static void Ffmpeg(params string[] args)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(args[^1])!);
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-v", "error", "-y", "-threads", "1" }.Concat(args)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"ffmpeg failed making {args[^1]}: {err.Result}");
    }
}
