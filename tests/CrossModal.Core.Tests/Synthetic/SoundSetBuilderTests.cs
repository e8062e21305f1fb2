using System.Security.Cryptography;
using CrossModal.Core.Audio;
using CrossModal.DatasetTools.Synthetic;

namespace CrossModal.Core.Tests.Synthetic;

/// <summary>
/// Sound-only evaluation sets and the freepats bank (timidity and freepats are installed by scripts/bootstrap.sh): the
/// programs the bank has are read from its configuration, a missing one is reported rather than rendered with a
/// stand-in patch, and a render that fell back to a SoundFont preset is refused.
/// </summary>
public sealed class SoundSetBuilderTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("sound-set-tests-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A bank with every program but those listed, for the bookkeeping tests (never renders).</summary>
    sealed class BankWithout(params int[] missing) : IMidiRenderer
    {
        public string BankName => "test-bank";
        public bool HasProgram(int gmProgram) => !missing.Contains(gmProgram);
        public float[] Render(byte[] midi, string workDir, string name, CancellationToken ct) => throw new InvalidOperationException("not rendered in this test");
    }

    [Fact]
    public void ReadsTheMelodicProgramsOfATimidityConfiguration()
    {
        string[] config =
        [
            "dir /usr/share/midi/freepats", "drumset 0", " 35\tDrum_000/035_Kick_1.pat amp=100", " 41\tDrum_000/041_Tom_Low_2.pat",
            "", "bank 0", "", " 0\tTone_000/000_Acoustic_Grand_Piano.pat amp=120 pan=center", " 40\tTone_000/040_Violin.pat # a comment",
            "# 41\tTone_000/041_Viola.pat", " 42\tTone_000/042_Cello.pat", "bank 1", " 43\tTone_001/043_Contrabass.pat",
        ];
        // Drum notes (drumset 0: 35, 41), a commented-out line and other banks are not melodic programs of bank 0.
        Assert.Equal(new[] { 0, 40, 42 }, TimidityRenderer.MelodicPrograms(config).Order());
    }

    [Fact]
    public void DebiansFreepatsHasElevenOfTheThirteenInstrumentsAndNeitherViolaNorDoubleBass()
    {
        var freepats = TimidityRenderer.Locate();
        var (playable, skipped) = SoundSetBuilder.Playable(new SoundSetOptions { OutputDirectory = _root }, freepats);
        Assert.Equal(11, playable.Count);
        Assert.Equal(new[] { "double_bass", "viola" }, skipped.Keys.Order());
        Assert.Contains("41 (viola)", skipped["viola"]);
        Assert.Contains("43 (contrabass)", skipped["double_bass"]);
    }

    [Fact]
    public void AnInstrumentTheBankLacksIsSkippedWithItsReasonOrRefusedWhenNamed()
    {
        var bank = new BankWithout(66); // the tenor sax
        var (playable, skipped) = SoundSetBuilder.Playable(new SoundSetOptions { OutputDirectory = _root }, bank);
        Assert.DoesNotContain("sax", playable); // one of its two voices missing is enough: the mix of voices would change
        Assert.Equal("test-bank has no patch for GM program 66 (tenor sax)", skipped["sax"]);
        var refused = Assert.Throws<InvalidInputException>(() =>
            SoundSetBuilder.Playable(new SoundSetOptions { OutputDirectory = _root, Instruments = ["cello", "sax"] }, bank));
        Assert.Contains("cannot render sax", refused.Message);
    }

    [Fact]
    public void ARenderThatFellBackToASoundFontPresetIsRefused()
    {
        TimidityRenderer.CheckOnlyPatches("Tonebank 0 40: Tone_000/040_Violin.pat\nTrying to open Tone_000/040_Violin.pat\n");
        var e = Assert.Throws<InvalidOperationException>(() =>
            TimidityRenderer.CheckOnlyPatches("Init soundfonts `FluidR3_GM.sf2'\nLoading SF Tonebank 0 41: Viola\n"));
        Assert.Contains("41: Viola", e.Message);
    }

    [Fact]
    public void BuildsAFreepatsSetInTheAudioRootLayoutDeterministically()
    {
        SoundSetOptions Options(string name) => new()
        {
            OutputDirectory = Path.Combine(_root, name), PerClass = 3, Instruments = ["cello", "trumpet"], Seed = 4242,
        };
        var freepats = TimidityRenderer.Locate();
        var summary = SoundSetBuilder.Build(Options("a"), freepats);
        SoundSetBuilder.Build(Options("b") with { Parallelism = 1 }, freepats);
        Assert.Equal(6, summary.Total);
        var files = Directory.EnumerateFiles(summary.OutputDirectory, "*.wav", SearchOption.AllDirectories).Order().ToList();
        Assert.Equal(6, files.Count);
        foreach (var f in files)
        {
            Assert.Matches(@"/(cello|trumpet)/\1\d\d_\d+\.wav$", f);
            var clip = WavCodec.ReadFile(f);
            Assert.Equal(44_100, clip.SampleRate);
            Assert.Equal(22_050, clip.Samples.Length);
            Assert.True(Loudness.IsAudible(clip.Samples));
        }
        var manifest = SoundSetManifest.TryRead(summary.OutputDirectory)!;
        Assert.Equal("freepats", manifest.Bank);
        Assert.Equal(3, manifest.Counts["cello"]);
        string Hash(string f) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)));
        foreach (var f in files)
            Assert.Equal(Hash(f), Hash(f.Replace(Path.Combine(_root, "a"), Path.Combine(_root, "b"))));

        // freepats and FluidR3 sound different: the same melody through the two banks gives different chunks.
        var fluid = SoundSetBuilder.Build(Options("fluid"), FluidSynthRenderer.Locate());
        Assert.NotEqual(Hash(files[0]), Hash(files[0].Replace(Path.Combine(_root, "a"), fluid.OutputDirectory)));
    }

    [Fact]
    public void RefusesAFolderThatHoldsSomethingElse()
    {
        var other = Directory.CreateDirectory(Path.Combine(_root, "other")).FullName;
        File.WriteAllText(Path.Combine(other, "notes.txt"), "mine");
        var e = Assert.Throws<InvalidInputException>(() => SoundSetBuilder.Build(new SoundSetOptions { OutputDirectory = other, PerClass = 1 }, new BankWithout()));
        Assert.Contains("does not hold a sound set", e.Message);
        Assert.True(File.Exists(Path.Combine(other, "notes.txt")));
    }
}
