using System.Diagnostics;
using CrossModal.Core.Audio;

namespace CrossModal.DatasetTools.Synthetic;

/// <summary>
/// What every <see cref="IMidiRenderer"/> does around its program: write the MIDI file, run the program once to
/// render it to a WAV file (killing it on cancellation or after five minutes), decode the samples (mixed to mono), and
/// remove both files. Only the samples are kept: the renderers' own WAV headers (libsndfile's PEAK chunk carries a
/// time stamp) never reach a dataset.
/// </summary>
internal static class MidiRenderProcess
{
    public const int SampleRate = 44_100;

    /// <param name="arguments">The program's arguments, given the MIDI file's and the output WAV's paths.</param>
    /// <param name="checkLog">Given the program's output (stdout then stderr) after a successful run; throws if the render must not be used.</param>
    public static float[] Render(string executable, string programName, Func<string, string, IEnumerable<string>> arguments,
        byte[] midi, string workDir, string name, CancellationToken ct, Action<string>? checkLog = null)
    {
        var midPath = Path.Combine(workDir, name + ".mid");
        var wavPath = Path.Combine(workDir, name + ".wav");
        File.WriteAllBytes(midPath, midi);
        try
        {
            var psi = new ProcessStartInfo(executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var a in arguments(midPath, wavPath)) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi) ?? throw new InvalidOperationException($"{programName} could not be started.");
            p.StandardInput.Close();
            var stderr = p.StandardError.ReadToEndAsync(ct);
            var stdout = p.StandardOutput.ReadToEndAsync(ct);
            try
            {
                p.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromMinutes(5), ct).GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                if (!p.HasExited) p.Kill(entireProcessTree: true);
                throw;
            }
            if (p.ExitCode != 0 || !File.Exists(wavPath))
                throw new InvalidOperationException($"{programName} failed (exit {p.ExitCode}): {stderr.GetAwaiter().GetResult().Trim()}");
            checkLog?.Invoke(stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult());
            var clip = WavCodec.ReadFile(wavPath);
            if (clip.SampleRate != SampleRate)
                throw new InvalidOperationException($"{programName} wrote {clip.SampleRate} Hz, expected {SampleRate} Hz.");
            return clip.Samples;
        }
        finally
        {
            File.Delete(midPath);
            File.Delete(wavPath);
        }
    }

    public static string? FindOnPath(string program)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
