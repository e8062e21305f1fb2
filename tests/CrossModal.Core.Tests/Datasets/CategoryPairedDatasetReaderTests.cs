using CrossModal.Core.Datasets;
using CrossModal.Core.Imaging;
using CrossModal.Core.Tests.Imaging;

namespace CrossModal.Core.Tests.Datasets;

public class CategoryPairedDatasetReaderTests
{
    /// <summary>piano: 10 images, 2 recordings of 2 s; drum: 5 images, 1 recording (1 s tone + 1 s silence); guitar: images only.</summary>
    static TempFolder MakeInisStyle()
    {
        var dir = new TempFolder();
        void Images(string label, int n)
        {
            var d = Directory.CreateDirectory(dir[$"images/{label}"]).FullName;
            for (int i = 0; i < n; i++)
            {
                using var img = TestImages.Gradient(20 + i, 16);
                PngImageEncoder.WriteFile(Path.Combine(d, $"{label}_{i:D3}.png"), img);
            }
        }
        Images("piano", 10);
        Images("drum", 5);
        Images("guitar", 2);
        TestSounds.WriteWav(dir["sounds/piano/rec_a.wav"], TestSounds.Sine(2.0, 262));
        TestSounds.WriteWav(dir["sounds/piano/rec_b.wav"], TestSounds.Sine(2.2, 330));
        TestSounds.WriteWav(dir["sounds/drum/kit.wav"], [.. TestSounds.Sine(1.0, 100), .. new float[44_100]]);
        return dir;
    }

    [Fact]
    public void PairsEveryImageWithAnAudibleChunkOfItsOwnClass()
    {
        using var dir = MakeInisStyle();
        var ds = CategoryPairedDatasetReader.Read(dir.Path);

        Assert.Equal(["drum", "piano"], ds.Labels);
        Assert.Equal(15, ds.Samples.Count);
        Assert.Equal(15, ds.Samples.Select(s => s.ImagePath).Distinct().Count());
        foreach (var s in ds.Samples)
        {
            Assert.Contains($"/images/{s.Label}/", s.ImagePath);
            Assert.Contains($"/sounds/{s.Label}/", s.SoundPath);
            Assert.Equal(ds.Labels.ToList().IndexOf(s.Label), s.LabelIndex);
            var span = Assert.IsType<SoundSpan>(s.SoundSpan);
            Assert.Equal(22_050, span.SampleCount);
            Assert.Equal(22_050, s.LoadSound().Samples.Length);
        }
        // The drum recording is silent after 1 s: only its first two chunks are used.
        Assert.All(ds.Samples.Where(s => s.Label == "drum"), s => Assert.True(s.StartMs < 1000));
        Assert.Contains(ds.Report.Skipped, s => s.Reason == SkipReason.Silent && s.Path.EndsWith("kit.wav") && s.Detail.StartsWith("2 chunk(s)"));
        // guitar has images only.
        Assert.Equal(2, ds.Report.Count(SkipReason.UnknownLabel));
        Assert.Contains(ds.Report.Notes, n => n.Contains("class 'guitar' has images but no sounds"));
    }

    [Fact]
    public void SplitsImagesAndRecordingsSoValidationSoundsAreUnheard()
    {
        using var dir = MakeInisStyle();
        var ds = CategoryPairedDatasetReader.Read(dir.Path, new CategoryReadOptions(Seed: 3));
        var piano = ds.Samples.Where(s => s.Label == "piano").ToList();
        Assert.Equal(2, piano.Count(s => s.Split == DatasetSplit.Validation)); // round(10 * 0.2)
        var trainRecordings = piano.Where(s => s.Split == DatasetSplit.Train).Select(s => s.SoundPath).Distinct().ToList();
        var validationRecordings = piano.Where(s => s.Split == DatasetSplit.Validation).Select(s => s.SoundPath).Distinct().ToList();
        Assert.Single(trainRecordings);
        Assert.Single(validationRecordings);
        Assert.NotEqual(trainRecordings[0], validationRecordings[0]);
        Assert.Equal(1, ds.Samples.Count(s => s.Label == "drum" && s.Split == DatasetSplit.Validation));
        Assert.Contains(ds.Report.Notes, n => n.Contains("class 'drum' has a single recording"));
    }

    [Fact]
    public void IsDeterministicForASeedAndVariesAcrossSeeds()
    {
        using var dir = MakeInisStyle();
        string Signature(long seed) => string.Join(";", CategoryPairedDatasetReader.Read(dir.Path, new CategoryReadOptions(Seed: seed)).Samples
            .Select(s => $"{s.Name}:{s.Split}:{Path.GetFileName(s.SoundPath)}@{s.StartMs}"));
        Assert.Equal(Signature(7), Signature(7));
        Assert.NotEqual(Signature(7), Signature(8));
    }

    [Fact]
    public void UsesChunksEvenly()
    {
        using var dir = MakeInisStyle();
        var ds = CategoryPairedDatasetReader.Read(dir.Path, new CategoryReadOptions(ValidationFraction: 0));
        // piano, all in train: 10 images over 4 + 4 chunks: every chunk used once or twice.
        var uses = ds.Samples.Where(s => s.Label == "piano").GroupBy(s => (s.SoundPath, s.StartMs)).Select(g => g.Count()).ToList();
        Assert.Equal(8, uses.Count);
        Assert.All(uses, n => Assert.InRange(n, 1, 2));
    }

    [Fact]
    public void RefusesBadLayoutsAndOptions()
    {
        using var dir = new TempFolder();
        Assert.Contains("needs both", Assert.Throws<InvalidInputException>(() => CategoryPairedDatasetReader.Read(dir.Path)).Message);
        Directory.CreateDirectory(dir["images/cat"]);
        Directory.CreateDirectory(dir["sounds/cat"]);
        File.WriteAllText(dir["sounds/cat/a.wav"], "not a wav");
        var e = Assert.Throws<InvalidInputException>(() => CategoryPairedDatasetReader.Read(dir.Path));
        Assert.Contains("no class has both usable images and usable sounds", e.Message);
        Assert.Throws<InvalidInputException>(() => CategoryPairedDatasetReader.Read(dir.Path, new CategoryReadOptions(ValidationFraction: 1)));
    }
}
