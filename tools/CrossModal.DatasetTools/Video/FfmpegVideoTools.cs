using System.Globalization;
using CrossModal.Core;
using CrossModal.Core.Datasets;
using FFMpegCore;
using FFMpegCore.Exceptions;

namespace CrossModal.DatasetTools.Video;

/// <summary>What ffprobe says about a usable video.</summary>
public sealed record VideoProbe(TimeSpan Duration, int Width, int Height);

/// <summary>
/// The ffmpeg work of the video builder (through FFMpegCore; Debian's ffmpeg on PATH). Two passes per video, each
/// decoding only what it needs: audio to raw 32-bit float mono at 44.1 kHz, and one frame per 0.5 s chunk.
/// Failures become <see cref="InvalidInputException"/> with ffmpeg's own last error line.
/// </summary>
public static class FfmpegVideoTools
{
    public static async Task<VideoProbe> ProbeAsync(string path, CancellationToken ct)
    {
        IMediaAnalysis analysis;
        try { analysis = await FFProbe.AnalyseAsync(path, cancellationToken: ct); }
        catch (Exception e) when (e is FFMpegException or FormatException or InvalidOperationException or System.Text.Json.JsonException)
        {
            throw new InvalidInputException($"cannot be read as a video ({ErrorLine(e)}).", e);
        }
        var video = analysis.PrimaryVideoStream ?? throw new InvalidInputException("has no video stream.");
        if (analysis.PrimaryAudioStream is null) throw new InvalidInputException("has no audio stream.");
        if (video.Width is not > 0 || video.Height is not > 0) throw new InvalidInputException("its video stream has no frame size.");
        return new VideoProbe(analysis.Duration, video.Width.Value, video.Height.Value);
    }

    /// <summary>
    /// Writes the first audio stream as raw little-endian float32 mono at <see cref="DatasetLayout.SampleRate"/>.
    /// <c>aresample=first_pts=0</c> pads with silence if the audio starts after the video, so sample 0 is time 0
    /// of the file, the same clock the frame selection uses.
    /// </summary>
    public static Task ExtractAudioAsync(string video, string rawOutput, CancellationToken ct) =>
        Run(FFMpegArguments.FromFileInput(video).OutputToFile(rawOutput, overwrite: true, o => o.WithCustomArgument(
            $"-map 0:a:0 -vn -sn -dn -af aresample={DatasetLayout.SampleRate}:first_pts=0 -ac 1 -c:a pcm_f32le -f f32le")), ct);

    /// <summary>
    /// Saves, for each 0.5 s chunk k, the first frame whose time t satisfies floor(t / 0.5) = k, centre-cropped to a
    /// square and scaled to <paramref name="size"/>, as <c>&lt;k&gt;.jpg</c>; chunks without a frame get no file.
    /// One decoding pass: the select filter keeps a frame when it opens a new chunk; setpts/settb then stamp it
    /// with its chunk index k (time base 1/2 s), and <c>-frame_pts</c> names the file after that stamp.
    /// </summary>
    public static async Task<IReadOnlyDictionary<int, string>> ExtractChunkFramesAsync(string video, string outputDir, int size, CancellationToken ct)
    {
        Directory.CreateDirectory(outputDir);
        const string chunk = "floor(t*2+1e-6)"; // 2 chunks per second; the epsilon absorbs timestamp rounding at boundaries
        var filter = string.Join(",",
            $"select='isnan(prev_selected_t)+gte({chunk}\\,floor(prev_selected_t*2+1e-6)+1)'",
            "setpts='floor(T*2+1e-6)/2/TB'",
            "settb=1/2",
            "crop='min(iw\\,ih)':'min(iw\\,ih)'",
            $"scale={size}:{size}:flags=bicubic",
            "setsar=1");
        var pattern = Path.Combine(outputDir, "%d.jpg");
        await Run(FFMpegArguments.FromFileInput(video).OutputToFile(pattern, overwrite: true, o => o.WithCustomArgument(
            $"-map 0:v:0 -an -sn -dn -vf \"{filter}\" -fps_mode passthrough -enc_time_base 1/2 -frame_pts 1 -q:v 2")), ct);

        var frames = new Dictionary<int, string>();
        foreach (var f in Directory.EnumerateFiles(outputDir, "*.jpg"))
            if (int.TryParse(Path.GetFileNameWithoutExtension(f), NumberStyles.None, CultureInfo.InvariantCulture, out int k))
                frames[k] = f;
        return frames;
    }

    static async Task Run(FFMpegArgumentProcessor processor, CancellationToken ct)
    {
        try
        {
            await processor.ProcessAsynchronously(throwOnError: true, cancellationToken: ct);
        }
        catch (OperationCanceledException) { throw; }
        catch (FFMpegException e)
        {
            throw new InvalidInputException($"ffmpeg could not decode it ({ErrorLine(e)}).", e);
        }
    }

    /// <summary>
    /// ffmpeg's last non-empty stderr line names the failure (the exception text is a whole log); the input path
    /// it often starts with is dropped, since messages already name the file.
    /// </summary>
    static string ErrorLine(Exception e)
    {
        IEnumerable<string> lines = e switch
        {
            FFProbeProcessException p => p.StandardError,
            FFMpegProcessException f => f.Result.StandardError,
            _ => e.Message.Split('\n'),
        };
        var last = lines.Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? e.GetType().Name;
        int colon = last.IndexOf(": ", StringComparison.Ordinal);
        if (colon > 0 && last[..colon].Contains(Path.DirectorySeparatorChar)) last = last[(colon + 2)..];
        last = last.TrimEnd('.');
        return last.Length > 200 ? last[..200] + "…" : last;
    }
}
