using CrossModal.Reliability.Tests.Corpus;
using CrossModal.Reliability.Tests.Probes;
using CrossModal.Services.Tests;
using CrossModal.TestSupport;
using Xunit.Abstractions;

namespace CrossModal.Reliability.Tests.Cli;

/// <summary>
/// The hostile corpus through every `crossmodal` command that reads a sound, an image or a spectrogram file: each
/// refused with exit code 2 and one `error:` line naming the problem, quickly, writing nothing (the output folders,
/// the model store and the data root are unchanged), and each command still works on a good file afterwards.
/// The models are the services fixture's tiny ones; `remote` commands talk to its generator; `dataset build` gets
/// files that are not videos under video names (it needs ffmpeg, as the product does).
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class CliCorpusTests(ServicesFixture f, ITestOutputHelper output) : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("cm-cli-corpus-").FullName;

    /// <summary>A refusal must come this quickly: it reads a header, not the work.</summary>
    static readonly TimeSpan WellInside = TimeSpan.FromSeconds(20);

    string Server => "http://" + f.GeneratorChannel.Target;

    /// <summary>A command line for one input file; <c>{in}</c>, <c>{root}</c> (ROOT/cello/file) and <c>{out}</c> are filled in.</summary>
    sealed record Command(string Name, string[] Args)
    {
        public string[] With(string file, string root, string outPath) =>
            Args.Select(a => a.Replace("{in}", file).Replace("{root}", root).Replace("{out}", outPath)).ToArray();
    }

    Command[] SoundCommands() =>
    [
        new("features lms", ["features", "lms", "{in}", "{out}.npy"]),
        new("features extract -r cqt", ["features", "extract", "{in}", "{out}.npy", "-r", "cqt"]),
        new("generate s2i", ["generate", "s2i", "--models", f.Models, "--audio", "{in}", "--count", "1", "--out", "{out}", "--threads", "1"]),
        new("evaluate audio", ["evaluate", "audio", "--models", f.Models, "--audio-root", "{root}", "--json", "--threads", "1"]),
        new("evaluate s2i", ["evaluate", "s2i", "--models", f.Models, "--variant", "c", "--audio-root", "{root}", "--json", "--threads", "1"]),
        new("remote generate-s2i", ["remote", "generate-s2i", "--server", Server, "--audio", "{in}", "--count", "1", "--out", "{out}"]),
    ];

    Command[] ImageCommands() =>
    [
        new("generate i2s", ["generate", "i2s", "--models", f.Models, "--image", "{in}", "--out", "{out}", "--threads", "1"]),
        new("evaluate image", ["evaluate", "image", "--models", f.Models, "--image-root", "{root}", "--json", "--threads", "1"]),
        new("evaluate i2s", ["evaluate", "i2s", "--models", f.Models, "--image-root", "{root}", "--json", "--threads", "1"]),
        new("remote generate-i2s", ["remote", "generate-i2s", "--server", Server, "--image", "{in}", "--out", "{out}"]),
    ];

    static Command[] VideoCommands() =>
    [
        new("dataset build", ["dataset", "build", "--videos", "{root}", "--out", "{out}"]),
    ];

    /// <summary>Non-videos named cello01.mp4: ffprobe must refuse them and the build must make no dataset.</summary>
    static IEnumerable<HostileInput> HostileVideos() =>
        HostileFiles.Sounds().Where(s => s.Name is "zero-length" or "text" or "MP3 header" or "truncated WAV (half the data)")
            .Concat(HostileFiles.Images().Where(i => i.Name is "PNG bomb 100000x100000" or "truncated JPEG"))
            .Append(new HostileInput("random bytes", Enumerable.Range(0, 5000).Select(i => (byte)(i * 7919 % 251)).ToArray(), ".mp4", ""))
            .Select(i => i with { Name = i.Name + " as .mp4", Extension = ".mp4", Expect = "no pairs could be built" });

    static Command[] SpectrogramCommands() =>
    [
        new("features render", ["features", "render", "{in}", "{out}.png"]),
        new("features invert", ["features", "invert", "{in}", "{out}.wav", "--iterations", "4"]),
    ];

    [Fact]
    public async Task EveryCommandThatReadsAFileRefusesTheWholeCorpus()
    {
        var log = new RefusalLog(output);
        var inputs = Directory.CreateDirectory(Path.Combine(_root, "in")).FullName;
        var outputs = Directory.CreateDirectory(Path.Combine(_root, "out")).FullName;
        var tenMinutesPlus = new HostileInput("10 min + 1 s at 48 kHz (28.8 MB)", HostileFiles.TenMinutesPlus(), ".wav", "too long");
        var oversizedImage = HostileFiles.OversizedImage();
        var cases = new List<(HostileInput Input, Command[] Commands)>
        {
            (new HostileInput("silence", HostileFiles.Silence(), ".wav", "silent"), SoundCommands()[2..3]),
        };
        cases.AddRange(HostileFiles.Sounds().Select(s => (s, SoundCommands())));
        cases.Add((tenMinutesPlus, SoundCommands()[..^1]));
        cases.AddRange(HostileFiles.Images().Select(i => (i, ImageCommands())));
        cases.Add((oversizedImage, ImageCommands()[..^1]));
        cases.AddRange(HostileSpectrograms.NpyFiles().Select(n => (n, SpectrogramCommands())));
        cases.AddRange(HostileVideos().Select(v => (v, VideoCommands())));
        // Remote mode refuses files above the services' limit before sending them.
        cases.Add((tenMinutesPlus with { Expect = "the services accept up to" }, SoundCommands()[^1..]));
        cases.Add((oversizedImage with { Expect = "the services accept up to" }, ImageCommands()[^1..]));

        // Each input lies where every command looks for it: a file, and ROOT/cello/ for the evaluate commands.
        var placed = cases.Select((c, i) =>
        {
            var root = Path.Combine(inputs, $"case{i:D3}");
            var file = Path.Combine(root, "cello", "input" + c.Input.Extension);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, c.Input.Bytes);
            return (c.Input, c.Commands, File: file, Root: root);
        }).ToList();

        var stored = StoreSnapshot.Take(f.Models, f.Data, inputs, outputs);
        using var memory = new MemoryProbe();
        var n = 0;
        foreach (var (input, commands, file, root) in placed)
            foreach (var command in commands)
            {
                var r = await InProcessCli.Run(command.With(file, root, Path.Combine(outputs, $"o{n++}")));
                var what = $"{command.Name} <- {input.Name}";
                var line = r.StdErr.Trim();
                Assert.True(r.ExitCode == 2, $"{what}: exit {r.ExitCode}, stderr '{r.StdErr}', stdout '{r.StdOut}'");
                Assert.StartsWith("error: ", line);
                Assert.False(line.Contains('\n'), $"{what}: more than one line on stderr: '{r.StdErr}'");
                Assert.True(line.Contains(input.Expect, StringComparison.OrdinalIgnoreCase), $"{what}: '{line}' does not say '{input.Expect}'");
                Assert.True(r.Elapsed < WellInside, $"{what}: took {r.Elapsed}");
                Assert.False(line.Contains("': 'input"), $"{what}: the file is named twice: '{line}'");
                log.Add(command.Name, input.Name, line, r.Elapsed);
            }
        var (heap, peak) = memory.Stop();
        var changed = StoreSnapshot.Take(f.Models, f.Data, inputs, outputs).AssertUnchangedSince(stored);

        // Every command still works on good files.
        var good = Directory.CreateDirectory(Path.Combine(_root, "good", "cello")).FullName;
        var wav = Path.Combine(good, "tone.wav");
        File.WriteAllBytes(wav, HostileFiles.Tone(22_050));
        var png = Path.Combine(good, "noise.png");
        File.WriteAllBytes(png, HostileFiles.Png(HostileFiles.Noise(64)));
        var npy = Path.Combine(_root, "good.npy");
        HostileSpectrograms.WriteGood(npy);
        foreach (var (commands, file) in new[] { (SoundCommands(), wav), (ImageCommands(), png), (SpectrogramCommands(), npy) })
            foreach (var command in commands)
            {
                var r = await InProcessCli.Run(command.With(file, Path.GetDirectoryName(good)!, Path.Combine(_root, "good-out", $"o{n++}")));
                Assert.True(r.ExitCode == 0, $"{command.Name} on a good file: exit {r.ExitCode}: {r.StdErr}");
            }

        log.Report("hostile files x CLI commands", $"{cases.Count} inputs", $"managed heap growth {heap:0.0} MB", $"peak RSS growth {peak:0} MB",
            $"{stored.Files} files watched ({stored.Bytes / 1048576.0:0.0} MB), {changed} bytes changed");
        Assert.InRange(heap, double.MinValue, 64);
        Assert.InRange(peak, double.MinValue, 1024);
    }

    [Fact]
    public async Task LongAndOversizedSoundsAreHandledLocallyWithinBoundedMemory()
    {
        // The local CLI has no 20 MB upload limit: a 10-minute file at 8 kHz and a 25 MB file are valid sounds, read
        // whole and generated from their first 0.5 s. (`features lms` on them computes the whole spectrogram: measured
        // once in docs/RELIABILITY.md, too slow for every CI run.)
        var log = new RefusalLog(output);
        using var memory = new MemoryProbe();
        foreach (var (name, bytes) in new[] { ("10 min at 8 kHz (4.8 MB)", HostileFiles.TenMinutesSmall()), ("25 MB WAV (4.9 min)", HostileFiles.OversizedWav().Bytes) })
        {
            var file = Path.Combine(_root, $"{name.GetHashCode():X}.wav");
            File.WriteAllBytes(file, bytes);
            var r = await InProcessCli.Run("generate", "s2i", "--models", f.Models, "--audio", file, "--count", "1", "--out", Path.Combine(_root, "long"), "--threads", "1");
            Assert.True(r.ExitCode == 0, r.StdErr);
            Assert.Single(Directory.GetFiles(Path.Combine(_root, "long"), "*.png"), p => p.Contains("seed1-00"));
            log.Add("generate s2i", name, "handled", r.Elapsed);
        }
        var (heap, peak) = memory.Stop();
        log.Report("long sounds, CLI (handled)", $"managed heap growth {heap:0.0} MB", $"peak RSS growth {peak:0} MB");
        Assert.InRange(heap, double.MinValue, 64);
        Assert.InRange(peak, double.MinValue, 1536);
    }

    [Fact]
    public void RealProcessesExitWithCode2AndOneErrorLine()
    {
        // A sample of the corpus as separate `crossmodal` processes: what a shell script sees.
        var wav = Path.Combine(_root, "truncated.wav");
        File.WriteAllBytes(wav, HostileFiles.Sounds().Single(s => s.Name.StartsWith("truncated")).Bytes);
        var bomb = Path.Combine(_root, "bomb.png");
        File.WriteAllBytes(bomb, HostileFiles.Images().Single(s => s.Name.StartsWith("PNG bomb")).Bytes);
        var nan = Path.Combine(_root, "nan.npy");
        File.WriteAllBytes(nan, HostileSpectrograms.NpyFiles().Single(s => s.Name == "NaN value").Bytes);
        var outDir = Path.Combine(_root, "proc-out");
        foreach (var (args, expect) in new (string[], string)[]
                 {
                     (["generate", "s2i", "--models", f.Models, "--audio", wav, "--out", outDir], "truncated WAV"),
                     (["generate", "i2s", "--models", f.Models, "--image", bomb, "--out", outDir], "too large"),
                     (["features", "invert", nan, Path.Combine(outDir, "x.wav")], "NaN"),
                 })
        {
            var r = CliProcess.Run(TimeSpan.FromMinutes(2), args);
            Assert.True(r.ExitCode == 2, $"{string.Join(' ', args)}: exit {r.ExitCode} {r.StdErr}");
            Assert.Single(r.StdErr.Trim().Split('\n'));
            Assert.Contains(expect, r.StdErr);
            output.WriteLine($"process: crossmodal {args[0]} {args[1]}: exit 2 in {r.Elapsed.TotalMilliseconds:0} ms: {r.StdErr.Trim()}");
        }
        Assert.False(Directory.Exists(outDir));
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
