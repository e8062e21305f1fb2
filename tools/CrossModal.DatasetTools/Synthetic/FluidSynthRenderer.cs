using CrossModal.Core;
using CrossModal.Core.Audio;
using CrossModal.Core.Datasets;

namespace CrossModal.DatasetTools.Synthetic;

/// <summary>
/// Renders a MIDI file through the FluidR3 General MIDI sound bank with the `fluidsynth` program
/// (fast, offline, single-threaded). Output is deterministic: fluidsynth's synthesis, reverb and chorus
/// contain no randomness; only libsndfile's PEAK header chunk carries a time stamp, and that header is
/// never copied into the dataset (we decode the samples and write our own WAVs).
/// </summary>
public sealed class FluidSynthRenderer : IMidiRenderer
{
    public const string DefaultSoundFont = "/usr/share/sounds/sf2/FluidR3_GM.sf2";
    public const string RequiredSoundFontName = "FluidR3_GM.sf2";
    public const int SampleRate = MidiRenderProcess.SampleRate;

    public string BankName => RequiredSoundFontName;

    readonly string _executable;
    readonly string _soundFont;

    FluidSynthRenderer(string executable, string soundFont)
    {
        _executable = executable;
        _soundFont = soundFont;
    }

    /// <summary>
    /// Finds fluidsynth and the FluidR3_GM sound bank, or explains how to install them. Only FluidR3_GM
    /// is accepted: other banks are kept out of training data so that they can test generalisation.
    /// </summary>
    public static FluidSynthRenderer Locate(string? soundFontPath = null, string? executable = null)
    {
        var soundFont = soundFontPath ?? DefaultSoundFont;
        if (!string.Equals(Path.GetFileName(soundFont), RequiredSoundFontName, StringComparison.OrdinalIgnoreCase))
            throw new InvalidInputException($"sound font '{soundFont}' is not {RequiredSoundFontName}: the synthetic dataset is rendered with FluidR3_GM only (other banks are reserved for testing generalisation).");
        if (!File.Exists(soundFont))
            throw new InvalidInputException($"sound font '{soundFont}' not found: install it with `apt-get install fluid-soundfont-gm`.");
        var exe = executable ?? MidiRenderProcess.FindOnPath("fluidsynth")
            ?? throw new InvalidInputException("fluidsynth not found on PATH: install it with `apt-get install fluidsynth` (and `fluid-soundfont-gm` for the sound bank).");
        if (!File.Exists(exe))
            throw new InvalidInputException($"fluidsynth '{exe}' not found: install it with `apt-get install fluidsynth`.");
        return new FluidSynthRenderer(exe, Path.GetFullPath(soundFont));
    }

    /// <summary>FluidR3_GM is a complete General MIDI bank: every one of the 128 melodic programs has its own preset.</summary>
    public bool HasProgram(int gmProgram) => gmProgram is >= 0 and < 128;

    public float[] Render(byte[] midi, string workDir, string name, CancellationToken ct) =>
        // -n no MIDI input driver, -i no shell, -q quiet, -F fast offline render to a file,
        // float samples (no dither, no clipping: we normalise the level ourselves), reverb on (its send
        // is set per piece by CC 91), chorus off. Dynamic sample loading reads only the samples of the presets a piece
        // uses: without it every process copies the whole 148 MB bank into memory, which made a default dataset's
        // 1,040 renders take 8 minutes on the 2-core machine, mostly in the kernel (2026-12-07; the samples come out the
        // same byte for byte, checked on two pieces).
        MidiRenderProcess.Render(_executable, "fluidsynth", (midPath, wavPath) =>
        [
            "-n", "-i", "-q", "-R", "1", "-C", "0", "-g", "1.0", "-r", SampleRate.ToString(),
            "-O", "float", "-T", "wav", "-o", "synth.cpu-cores=1", "-o", "synth.dynamic-sample-loading=1", "-F", wavPath, _soundFont, midPath,
        ], midi, workDir, name, ct);
}
