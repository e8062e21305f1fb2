using System.Security.Cryptography;
using CrossModal.Core.Audio;
using CrossModal.DatasetTools.Synthetic;

namespace CrossModal.Core.Tests.Synthetic;

/// <summary>End-to-end builds of tiny datasets (a few pieces each; fluidsynth and FluidR3_GM are installed here).</summary>
public sealed class SyntheticDatasetBuilderTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("synth-tests-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    SyntheticDatasetOptions Tiny(string name, int seed = 5, int? parallelism = null) => new()
    {
        OutputDirectory = Path.Combine(_root, name),
        PerClass = 3,
        Seed = seed,
        Instruments = ["trombone", "violin"],
        ImageSize = 64,
        Parallelism = parallelism,
    };

    static Dictionary<string, string> Hashes(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != SyntheticManifest.FileName) // holds the creation time
            .ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [Fact]
    public void BuildsTheStandardLayoutWithMatchingPairsAndSplitsByPiece()
    {
        var o = Tiny("a");
        var summary = SyntheticDatasetBuilder.Build(o);
        var pairs = PairsCsv.Read(Path.Combine(o.OutputDirectory, PairsCsv.FileName));
        Assert.Equal(6, pairs.Count);
        Assert.Equal(6, summary.Total);
        foreach (var p in pairs)
        {
            Assert.Matches($"^{p.Instrument}{p.Piece:D2}_{p.StartMs}$", p.Name);
            Assert.True(File.Exists(p.ImagePath(o.OutputDirectory)));
            var clip = WavCodec.ReadFile(p.ChunkPath(o.OutputDirectory));
            Assert.Equal(22_050, clip.Samples.Length);
            Assert.Equal(44_100, clip.SampleRate);
            Assert.True(Loudness.IsAudible(clip.Samples));
            Assert.Equal(Loudness.RmsDbfs(clip.Samples), p.Dbfs, 1);
            var profile = InstrumentProfiles.Get(p.Instrument);
            Assert.InRange(p.MidiPitch, profile.Voices[0].LowestMidi, profile.Voices[0].HighestMidi);
        }
        // Every file is a pair and every pair is a file.
        Assert.Equal(6, Directory.GetFiles(Path.Combine(o.OutputDirectory, "img"), "*.jpg", SearchOption.AllDirectories).Length);
        Assert.Equal(6, Directory.GetFiles(Path.Combine(o.OutputDirectory, "chunk"), "*.wav", SearchOption.AllDirectories).Length);
        // No piece in both splits, and both splits present per instrument.
        Assert.All(pairs.GroupBy(p => (p.Instrument, p.Piece)), g => Assert.Single(g.Select(p => p.Split).Distinct()));
        Assert.All(pairs.GroupBy(p => p.Instrument), g => Assert.Equal(2, g.Select(p => p.Split).Distinct().Count()));
        var manifest = SyntheticManifest.TryRead(o.OutputDirectory);
        Assert.NotNull(manifest);
        Assert.Equal(5, manifest.Seed);
        Assert.Equal(pairs.Count(p => p.Split == "train" && p.Instrument == "violin"), manifest.Counts["train"]["violin"]);
        Assert.Empty(Directory.GetDirectories(_root, "*.partial-*"));
    }

    [Fact]
    public void SameSeedGivesIdenticalBytesWhateverTheParallelismAndAnotherSeedDiffers()
    {
        var a = Tiny("a", parallelism: 1);
        var b = Tiny("b", parallelism: 4);
        var c = Tiny("c", seed: 6);
        var violinOnly = Tiny("d") with { Instruments = ["violin"] };
        SyntheticDatasetBuilder.Build(a);
        SyntheticDatasetBuilder.Build(b);
        SyntheticDatasetBuilder.Build(c);
        SyntheticDatasetBuilder.Build(violinOnly);
        var ha = Hashes(a.OutputDirectory);
        Assert.Equal(ha, Hashes(b.OutputDirectory));
        Assert.NotEqual(ha[PairsCsv.FileName], Hashes(c.OutputDirectory)[PairsCsv.FileName]);
        // Leaving an instrument out does not change the others.
        var violin = Hashes(violinOnly.OutputDirectory).Where(kv => kv.Key != PairsCsv.FileName).ToList();
        Assert.Equal(3, violin.Count(kv => kv.Key.EndsWith(".wav")));
        Assert.All(violin, kv => Assert.Equal(ha[kv.Key], kv.Value));
    }

    [Fact]
    public void ReplacesAPreviousSyntheticDatasetButRefusesOtherFolders()
    {
        var o = Tiny("a");
        SyntheticDatasetBuilder.Build(o);
        File.WriteAllText(Path.Combine(o.OutputDirectory, "stale.txt"), "from before");
        SyntheticDatasetBuilder.Build(o with { Seed = 9 });
        Assert.False(File.Exists(Path.Combine(o.OutputDirectory, "stale.txt")));
        Assert.Equal(9, SyntheticManifest.TryRead(o.OutputDirectory)!.Seed);

        var precious = Directory.CreateDirectory(Path.Combine(_root, "precious")).FullName;
        File.WriteAllText(Path.Combine(precious, "thesis.tex"), "do not lose");
        var e = Assert.Throws<InvalidInputException>(() => SyntheticDatasetBuilder.Build(o with { OutputDirectory = precious }));
        Assert.Contains("not empty", e.Message);
        Assert.Equal(["thesis.tex"], Directory.GetFileSystemEntries(precious).Select(Path.GetFileName));

        var file = Path.Combine(_root, "a-file");
        File.WriteAllText(file, "x");
        Assert.Contains("is a file", Assert.Throws<InvalidInputException>(() => SyntheticDatasetBuilder.Build(o with { OutputDirectory = file })).Message);
        Assert.Empty(Directory.GetDirectories(_root, "*.partial-*"));
    }

    [Fact]
    public void CancellationLeavesNothingBehind()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var o = Tiny("cancelled");
        Assert.ThrowsAny<OperationCanceledException>(() => SyntheticDatasetBuilder.Build(o, null, cts.Token));
        Assert.False(Directory.Exists(o.OutputDirectory));
        Assert.Empty(Directory.GetDirectories(_root, "*.partial-*"));
    }

    [Theory]
    [InlineData(0, null, "per-class")]
    [InlineData(1, null, "per-class")]
    [InlineData(20_001, null, "per-class")]
    [InlineData(3, "kazoo", "unknown instrument 'kazoo'")]
    [InlineData(3, "cello,Cello", "listed twice")]
    public void RefusesBadOptions(int perClass, string? instruments, string message)
    {
        var o = Tiny("bad") with { PerClass = perClass, Instruments = instruments?.Split(',') };
        Assert.Contains(message, Assert.Throws<InvalidInputException>(() => SyntheticDatasetBuilder.Build(o)).Message);
        Assert.False(Directory.Exists(o.OutputDirectory));
    }

    [Fact]
    public void OnlyTheFluidR3SoundBankIsAcceptedAndAMissingOneNamesTheAptPackage()
    {
        var other = Tiny("x") with { SoundFontPath = "/usr/share/sounds/sf2/TimGM6mb.sf2" };
        Assert.Contains("FluidR3_GM only", Assert.Throws<InvalidInputException>(() => SyntheticDatasetBuilder.Build(other)).Message);
        var missing = Tiny("y") with { SoundFontPath = Path.Combine(_root, "FluidR3_GM.sf2") };
        Assert.Contains("fluid-soundfont-gm", Assert.Throws<InvalidInputException>(() => SyntheticDatasetBuilder.Build(missing)).Message);
        var noSynth = Assert.Throws<InvalidInputException>(() => FluidSynthRenderer.Locate(executable: Path.Combine(_root, "no-fluidsynth")));
        Assert.Contains("apt-get install fluidsynth", noSynth.Message);
    }
}
