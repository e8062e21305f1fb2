using System.Text.RegularExpressions;
using CrossModal.Core;

namespace CrossModal.DatasetTools.Synthetic;

/// <summary>
/// Renders a MIDI file through Debian's <c>freepats</c> bank (Gravis .pat patches) with the <c>timidity</c> program:
/// a smaller, older, different-sounding General MIDI bank than FluidR3, used only to make sound-only sets that test
/// how the sound encoder generalises (never for training). Reverb follows each piece's CC 91 send, as with fluidsynth;
/// chorus off. Which programs the bank has is read from its configuration, because timidity plays a program the
/// bank lacks with another patch (or silence) without complaint.
/// <para>timidity always reads /etc/timidity/timidity.cfg before the <c>-c</c> file, and Debian's sources the FluidR3
/// bank there, so a program freepats lacks would quietly sound as FluidR3 — the bank we train on. Every render
/// therefore runs verbose and is refused if timidity loaded any SoundFont preset (<see cref="CheckOnlyPatches"/>).</para>
/// </summary>
public sealed partial class TimidityRenderer : IMidiRenderer
{
    public const string DefaultConfig = "/etc/timidity/freepats.cfg";
    public const string FreepatsBankName = "freepats";

    readonly string _executable;
    readonly string _config;
    readonly IReadOnlySet<int> _programs;

    TimidityRenderer(string executable, string config, IReadOnlySet<int> programs)
    {
        _executable = executable;
        _config = config;
        _programs = programs;
    }

    public string BankName => FreepatsBankName;

    /// <summary>The 0-based melodic programs (bank 0) the configuration maps to a patch.</summary>
    public IReadOnlySet<int> Programs => _programs;

    public bool HasProgram(int gmProgram) => _programs.Contains(gmProgram);

    /// <summary>Finds timidity and the freepats configuration, or explains how to install them.</summary>
    public static TimidityRenderer Locate(string? configPath = null, string? executable = null)
    {
        var config = configPath ?? DefaultConfig;
        if (!File.Exists(config))
            throw new InvalidInputException($"timidity configuration '{config}' not found: install the bank with `apt-get install freepats`.");
        var exe = executable ?? MidiRenderProcess.FindOnPath("timidity")
            ?? throw new InvalidInputException("timidity not found on PATH: install it with `apt-get install timidity` (and `freepats` for the bank).");
        if (!File.Exists(exe))
            throw new InvalidInputException($"timidity '{exe}' not found: install it with `apt-get install timidity`.");
        return new TimidityRenderer(exe, Path.GetFullPath(config), MelodicPrograms(File.ReadAllLines(config)));
    }

    /// <summary>
    /// The programs of the melodic bank 0 in a timidity configuration: lines "<c>N  file.pat [options]</c>" after
    /// "<c>bank 0</c>" and before the next "<c>bank</c>" or "<c>drumset</c>" section (drum kits map notes, not programs).
    /// </summary>
    public static IReadOnlySet<int> MelodicPrograms(IEnumerable<string> configLines)
    {
        var programs = new HashSet<int>();
        var inBank0 = false;
        foreach (var raw in configLines)
        {
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0) continue;
            var section = Section().Match(line);
            if (section.Success)
            {
                inBank0 = section.Groups[1].Value == "bank" && int.Parse(section.Groups[2].Value) == 0;
                continue;
            }
            var mapping = ProgramLine().Match(line);
            if (inBank0 && mapping.Success) programs.Add(int.Parse(mapping.Groups[1].Value));
        }
        return programs;
    }

    public float[] Render(byte[] midi, string workDir, string name, CancellationToken ct) =>
        // -c only the freepats configuration; -Ow RIFF WAVE, mono, 24-bit (headroom for the per-piece level we set
        // afterwards); -A 70 keeps loud chords of this bank below full scale; -EFchorus=d chorus off as with fluidsynth;
        // -EFreverb=n reverb by each channel's CC 91 send; -idvv the dumb interface, verbose: it logs each patch loaded.
        MidiRenderProcess.Render(_executable, "timidity", (midPath, wavPath) =>
        [
            "-c", _config, "-Ow", "--output-mono", "--output-24bit", "-s", MidiRenderProcess.SampleRate.ToString(),
            "-A", "70", "-EFchorus=d", "-EFreverb=n", "-idvv", "-o", wavPath, midPath,
        ], midi, workDir, name, ct, CheckOnlyPatches);

    /// <summary>
    /// Refuses a render for which timidity loaded a SoundFont preset ("Loading SF Tonebank 0 41: Viola") instead of a
    /// patch of the configured bank: that is FluidR3 (from the system configuration) standing in for a missing program.
    /// </summary>
    public static void CheckOnlyPatches(string log)
    {
        var fallback = log.Split('\n').FirstOrDefault(l => l.Contains("Loading SF ", StringComparison.Ordinal));
        if (fallback is not null)
            throw new InvalidOperationException($"timidity fell back to a SoundFont preset the bank does not hold ({fallback.Trim()}): this render is not freepats.");
    }

    [GeneratedRegex(@"^(bank|drumset)\s+(\d+)\b")]
    private static partial Regex Section();

    [GeneratedRegex(@"^(\d+)\s+\S+")]
    private static partial Regex ProgramLine();
}
