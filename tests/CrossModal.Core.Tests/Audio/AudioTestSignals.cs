using System.Diagnostics;
using CrossModal.Core.Audio;
using CrossModal.Domain;

namespace CrossModal.Core.Tests.Audio;

/// <summary>Signals, fixtures and helpers shared by the audio tests.</summary>
static class AudioTestSignals
{
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Audio", "Fixtures", name);

    public static float[] Sine(int n, double freq, double amplitude, int sampleRate = AudioFrontEnd.SampleRate, double phase = 0)
    {
        var y = new float[n];
        for (int i = 0; i < n; i++) y[i] = (float)(amplitude * Math.Sin(2 * Math.PI * freq * i / sampleRate + phase));
        return y;
    }

    public static float[] Noise(int n, int seed, double amplitude = 0.5)
    {
        var rng = new Random(seed);
        var y = new float[n];
        for (int i = 0; i < n; i++) y[i] = (float)(amplitude * (2 * rng.NextDouble() - 1));
        return y;
    }

    /// <summary>Direct O(N²) DFT in double precision: X[k] = Σ x[j] e^{−2πijk/N}; an independent check of the FFT.</summary>
    public static (double[] Re, double[] Im) NaiveDft(ReadOnlySpan<double> x, int bins)
    {
        int n = x.Length;
        var re = new double[bins];
        var im = new double[bins];
        for (int k = 0; k < bins; k++)
        {
            double sr = 0, si = 0;
            for (int j = 0; j < n; j++)
            {
                // reduce the angle exactly (integer arithmetic) before the trigonometry
                double a = -2 * Math.PI * ((long)j * k % n) / n;
                sr += x[j] * Math.Cos(a);
                si += x[j] * Math.Sin(a);
            }
            re[k] = sr;
            im[k] = si;
        }
        return (re, im);
    }

    /// <summary>Runs a program and fails the test with its stderr if it does not exit 0.</summary>
    public static void RunTool(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(true); throw new TimeoutException($"{file} timed out"); }
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {p.ExitCode}: {err.Result}{output.Result}");
    }

    /// <summary>
    /// A Standard MIDI File (format 0, 480 ticks per quarter, default 120 bpm): program change, then each note for
    /// one quarter note (0.5 s).
    /// </summary>
    public static byte[] Midi(int program, params int[] notes)
    {
        var ev = new List<byte> { 0x00, 0xC0, (byte)program };
        foreach (var note in notes)
        {
            ev.AddRange([0x00, 0x90, (byte)note, 100]);
            ev.AddRange([0x83, 0x60, 0x80, (byte)note, 64]); // delta 480 as a variable-length quantity
        }
        ev.AddRange([0x00, 0xFF, 0x2F, 0x00]);
        var smf = new List<byte>();
        smf.AddRange("MThd"u8.ToArray());
        smf.AddRange([0, 0, 0, 6, 0, 0, 0, 1, 0x01, 0xE0]);
        smf.AddRange("MTrk"u8.ToArray());
        smf.AddRange([(byte)(ev.Count >> 24), (byte)(ev.Count >> 16), (byte)(ev.Count >> 8), (byte)ev.Count]);
        smf.AddRange(ev);
        return smf.ToArray();
    }

    /// <summary>Renders notes of a General MIDI program through fluidsynth and FluidR3_GM at 44.1 kHz.</summary>
    public static AudioClip RenderFluidSynth(string directory, int program, params int[] notes)
    {
        var mid = Path.Combine(directory, "song.mid");
        var wav = Path.Combine(directory, "song.wav");
        File.WriteAllBytes(mid, Midi(program, notes));
        RunTool("fluidsynth", "-ni", "-q", "-F", wav, "-r", "44100", "/usr/share/sounds/sf2/FluidR3_GM.sf2", mid);
        return WavCodec.ReadFile(wav);
    }
}

/// <summary>A temporary directory deleted when disposed.</summary>
sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cm-audio-" + Guid.NewGuid().ToString("N"));
    public TempDir() => Directory.CreateDirectory(Path);
    public string File(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose() { try { Directory.Delete(Path, true); } catch (IOException) { } }
}
