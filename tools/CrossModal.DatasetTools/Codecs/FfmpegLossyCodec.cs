using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using CrossModal.Core;
using CrossModal.Core.Audio.Microphone;

namespace CrossModal.DatasetTools.Codecs;

/// <summary>
/// The simulated microphone's lossy-codec stage, run by ffmpeg (Debian's package <c>ffmpeg</c>: libopus and
/// libmp3lame). A round trip is two processes, all through pipes (no files): raw float32 mono at the chunk's rate on
/// the encoder's stdin → the encoded stream on its stdout (Ogg Opus, or MP3) → the decoder's stdin → raw float32 mono at
/// the chunk's rate on its stdout. Opus always runs at 48 kHz: the encoder's input is resampled to 48 kHz, the
/// decoder's output back to the chunk's rate (ffmpeg's <c>aresample</c>).
///
/// <para><b>Alignment.</b> Both codecs prime their filters with samples that come out before the chunk (and pad its
/// end to a whole frame). Measured with a windowed chirp (cross-correlation peak) and a 440 Hz tone, ffmpeg 5.1:</para>
/// <list type="bullet">
/// <item>Opus in Ogg: the stream's header carries the encoder's pre-skip (312 samples at 48 kHz) and its last page's
/// granule position the true length; ffmpeg's decoder honours both, so the decoded chunk already starts at lag 0 and
/// has the input's length. Nothing is removed here.</item>
/// <item>MP3: LAME's 576-sample encoder delay plus the decoder's 529-sample delay put the chunk
/// <see cref="Mp3DelaySamples"/> = 1105 samples late, at every bit rate. The LAME/Xing tag that would tell ffmpeg's
/// decoder to skip them is written only to a seekable output, not to a pipe, so here the first 1105 samples are
/// dropped and the end padding cut off.</item>
/// </list>
/// <para>LAME also scales its input by 0.95 (−0.45 dB, its default <c>scale</c>, which ffmpeg leaves as it is), so an
/// MP3 round trip of a pure tone stays about 26 dB from it at every bit rate. It is left in: a phone's LAME does the
/// same, and the chain's level stage moves the level by up to 26 dB anyway.</para>
/// <para>Either way the result is then cut (or, should a decoder give fewer samples, padded with zeros) to the input's
/// length exactly. The tests check the peak of the cross-correlation with the input at lag 0 ± 2 samples for both
/// formats at their lowest and highest bit rates.</para>
/// </summary>
public sealed class FfmpegLossyCodec : ILossyCodec
{
    /// <summary>LAME's encoder delay (576) plus the MP3 decoder's delay (529), in samples at the stream's rate.</summary>
    public const int Mp3DelaySamples = 576 + 529;

    /// <summary>The program run: "ffmpeg" (found on PATH) or a path to it.</summary>
    public string Executable { get; }
    /// <summary>How long one encoder or decoder process may take before it is killed (a 0.5 s chunk takes well under a second).</summary>
    public TimeSpan Timeout { get; }

    public FfmpegLossyCodec(string executable = "ffmpeg", TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executable);
        Executable = executable;
        Timeout = timeout ?? TimeSpan.FromSeconds(60);
        if (Timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), "the timeout must be positive");
    }

    public float[] RoundTrip(ReadOnlySpan<float> samples, int sampleRate, LossyCodecSettings codec, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(codec);
        codec.Validate();
        if (samples.IsEmpty) throw new InvalidInputException("the codec was given no samples");
        if (codec.Format == LossyCodecFormat.Mp3 && sampleRate is not (32_000 or 44_100 or 48_000))
            throw new InvalidInputException($"MP3 (MPEG-1 Layer III) runs at 32, 44.1 or 48 kHz, not {sampleRate} Hz");
        if (sampleRate is < 8000 or > 384_000) throw new InvalidInputException($"sample rate must be between 8000 and 384000 Hz, got {sampleRate}");
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("raw float32 is exchanged with ffmpeg little-endian");

        var rate = sampleRate.ToString(CultureInfo.InvariantCulture);
        var kbps = codec.BitrateKbps.ToString(CultureInfo.InvariantCulture) + "k";
        string[] input = ["-f", "f32le", "-ar", rate, "-ac", "1", "-i", "pipe:0"];
        // bitexact: no encoder version string or random Ogg serial in the stream, so a round trip is repeatable.
        string[] exact = ["-fflags", "+bitexact", "-flags:a", "+bitexact"];
        string[] encode = codec.Format == LossyCodecFormat.Opus
            ? [.. input, "-af", "aresample=48000", "-c:a", "libopus", "-b:a", kbps, .. exact, "-f", "ogg", "pipe:1"]
            : [.. input, "-c:a", "libmp3lame", "-b:a", kbps, .. exact, "-f", "mp3", "pipe:1"];
        var what = codec.ToString();
        var encoded = Run(encode, MemoryMarshal.AsBytes(samples).ToArray(), $"encoding {what}", cancel);
        if (encoded.Length == 0) throw new InvalidOperationException($"ffmpeg wrote no {what} stream");

        string[] decode = ["-f", codec.Format == LossyCodecFormat.Opus ? "ogg" : "mp3", "-i", "pipe:0", "-ac", "1", "-ar", rate, "-f", "f32le", "pipe:1"];
        var decoded = MemoryMarshal.Cast<byte, float>(Run(decode, encoded, $"decoding {what}", cancel).AsSpan());

        var skip = codec.Format == LossyCodecFormat.Mp3 ? Mp3DelaySamples : 0;
        var result = new float[samples.Length];
        if (decoded.Length > skip) decoded[skip..Math.Min(decoded.Length, skip + samples.Length)].CopyTo(result);
        return result;
    }

    /// <summary>Runs ffmpeg once: <paramref name="stdin"/> in, its stdout back; clear errors when it is missing, fails or hangs.</summary>
    byte[] Run(IEnumerable<string> arguments, byte[] stdin, string what, CancellationToken cancel)
    {
        var psi = new ProcessStartInfo(Executable)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        string[] all = ["-hide_banner", "-nostats", "-loglevel", "error", .. arguments];
        foreach (var a in all) psi.ArgumentList.Add(a);

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException($"ffmpeg ('{Executable}') could not be started");
        }
        catch (Win32Exception e)
        {
            throw new InvalidInputException($"the lossy codec needs ffmpeg, and '{Executable}' could not be run ({e.Message}); "
                + "install Debian's package ffmpeg (apt-get install ffmpeg), which brings libopus and libmp3lame.", e);
        }
        using (process)
        {
            using var output = new MemoryStream();
            var stdout = process.StandardOutput.BaseStream.CopyToAsync(output, cancel);
            var stderr = process.StandardError.ReadToEndAsync(cancel);
            var write = Task.Run(async () =>
            {
                // ffmpeg may stop reading (a bad argument, an early failure): its exit code and stderr tell why, not the broken pipe.
                try { await process.StandardInput.BaseStream.WriteAsync(stdin, cancel); }
                catch (IOException) { }
                finally
                {
                    try { process.StandardInput.Close(); } catch (IOException) { }
                }
            }, cancel);
            try
            {
                process.WaitForExitAsync(cancel).WaitAsync(Timeout, cancel).GetAwaiter().GetResult();
                Task.WhenAll(stdout, stderr, write).WaitAsync(Timeout, cancel).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                Kill(process);
                // Let the pipe readers see the end of their streams before the buffer they write to goes away.
                try { Task.WhenAll(stdout, stderr, write).Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
                if (e is OperationCanceledException) throw;
                throw new TimeoutException($"ffmpeg took more than {Timeout.TotalSeconds:0.#} s {what}; it was killed.", e);
            }
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"ffmpeg failed {what} (exit {process.ExitCode}): {Tail(stderr.Result)}");
            return output.ToArray();
        }
    }

    static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException) { } // it exited meanwhile
    }

    /// <summary>The last lines of ffmpeg's stderr (its error is at the end), at most 500 characters.</summary>
    static string Tail(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var tail = string.Join(" | ", lines.TakeLast(3));
        if (tail.Length == 0) return "(nothing on stderr)";
        return tail.Length > 500 ? "…" + tail[^500..] : tail;
    }
}
