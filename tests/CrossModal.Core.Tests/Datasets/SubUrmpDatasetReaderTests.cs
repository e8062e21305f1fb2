using CrossModal.Core.Datasets;
using CrossModal.Core.Tests.Imaging;

namespace CrossModal.Core.Tests.Datasets;

public class SubUrmpDatasetReaderTests
{
    /// <summary>The 37 real frames copied into img/&lt;split&gt;/&lt;instrument&gt;/, returned as (split, instrument, name).</summary>
    static List<(string Split, string Instrument, string Name)> CopyRealFrames(string root, string split = "train")
    {
        var copied = new List<(string, string, string)>();
        foreach (var dir in Directory.GetDirectories(TestImages.RealFramesDir))
        {
            var instrument = Path.GetFileName(dir);
            var target = Path.Combine(root, "img", split, instrument);
            Directory.CreateDirectory(target);
            foreach (var f in Directory.GetFiles(dir, "*.jpg"))
            {
                File.Copy(f, Path.Combine(target, Path.GetFileName(f)));
                copied.Add((split, instrument, Path.GetFileNameWithoutExtension(f)));
            }
        }
        return copied;
    }

    static string Chunk(string root, string split, string instrument, string name) =>
        Path.Combine(root, "chunk", split, instrument, name + ".wav");

    [Fact]
    public void PairsRealSubUrmpFramesByNameAndCountsWhatIsLeftOut()
    {
        using var dir = new TempFolder();
        var frames = CopyRealFrames(dir.Path);
        Assert.Equal(37, frames.Count);
        var withoutSound = frames.Where((_, i) => i % 7 == 3).ToList(); // 5 frames get no chunk
        foreach (var f in frames.Except(withoutSound)) TestSounds.WriteChunk(Chunk(dir.Path, f.Split, f.Instrument, f.Name));
        TestSounds.WriteChunk(Chunk(dir.Path, "train", "cello", "cello09_500"));   // sounds with no image
        TestSounds.WriteChunk(Chunk(dir.Path, "train", "tuba", "tuba03_1000"));

        var ds = SubUrmpDatasetReader.Read(dir.Path);

        Assert.Equal(37 - withoutSound.Count, ds.Samples.Count);
        Assert.Equal(withoutSound.Count, ds.Report.Count(SkipReason.ImageWithoutSound));
        Assert.Equal(2, ds.Report.Count(SkipReason.SoundWithoutImage));
        Assert.Equal(withoutSound.Count + 2, ds.Report.Skipped.Count);
        Assert.Contains(ds.Report.Skipped, s => s.Reason == SkipReason.SoundWithoutImage && s.Detail.Contains("img/train/cello/cello09_500.jpg"));
        Assert.All(ds.Samples, s => Assert.Equal(DatasetSplit.Train, s.Split));
        Assert.Equal(13, ds.Samples.Select(s => s.Label).Distinct().Count());

        var bass = Assert.Single(ds.Samples, s => s.Name == "double_bass00_6000");
        Assert.Equal(("double_bass", 3, 0, 6000, "double_bass00"), (bass.Label, bass.LabelIndex, bass.Video, bass.StartMs, bass.VideoId));
        Assert.EndsWith("img/train/double_bass/double_bass00_6000.jpg", bass.ImagePath);
        Assert.EndsWith("chunk/train/double_bass/double_bass00_6000.wav", bass.SoundPath);
        Assert.Null(bass.SoundSpan);
        Assert.Equal(22_050, bass.LoadSound().Samples.Length);
        Assert.Equal(3 * 64 * 64, bass.LoadImageForModel().Length);
        Assert.Null(ds.Manifest);
    }

    [Fact]
    public void ReadsBothSplitsManifestAndPairMetadata()
    {
        using var dir = new TempFolder();
        foreach (var (split, name) in new[] { ("train", "violin01_0"), ("train", "violin01_500"), ("validation", "violin02_0") })
        {
            File.Copy(Path.Combine(TestImages.RealFramesDir, "violin", "violin01_5300.jpg"), Path.Combine(Directory.CreateDirectory(dir[$"img/{split}/violin"]).FullName, name + ".jpg"));
            TestSounds.WriteChunk(Chunk(dir.Path, split, "violin", name));
        }
        PairMetadataCsv.WriteFile(dir["pairs.csv"], ["name", "split", "midi_pitch", "pose_bow"],
            [["violin01_0", "train", "67", "0.1"], ["violin02_0", "validation", "74", "-0.3"], ["gone00_0", "train", "1", "1"]]);
        DatasetManifest.CountsOf([(DatasetSplit.Train, "violin"), (DatasetSplit.Train, "violin"), (DatasetSplit.Validation, "violin")], "synthetic", 42)
            .WriteFile(dir["dataset.json"]);

        var ds = SubUrmpDatasetReader.Read(dir.Path);

        Assert.Equal(2, ds.InSplit(DatasetSplit.Train).Count());
        var val = Assert.Single(ds.InSplit(DatasetSplit.Validation));
        Assert.Equal("74", val.Metadata["midi_pitch"]);
        Assert.Equal("-0.3", val.Metadata["pose_bow"]);
        Assert.Empty(ds.Samples.Single(s => s.Name == "violin01_500").Metadata);
        Assert.Contains(ds.Report.Notes, n => n.Contains("1 row(s) of pairs.csv name no pair"));
        Assert.NotNull(ds.Manifest);
        Assert.Equal(("synthetic", 42L, 2), (ds.Manifest!.Source, ds.Manifest.Seed!.Value, ds.Manifest.Counts["train"]["violin"]));
        Assert.Empty(ds.Report.Skipped);
    }

    [Fact]
    public void ReportsUnknownInstrumentFoldersStrayFilesAndBadNames()
    {
        using var dir = new TempFolder();
        TestSounds.WriteChunk(Chunk(dir.Path, "train", "cello", "cello01_0"));
        File.Copy(Path.Combine(TestImages.RealFramesDir, "cello", "cello01_1400.jpg"), Path.Combine(Directory.CreateDirectory(dir["img/train/cello"]).FullName, "cello01_0.jpg"));
        // An instrument URMP does not have.
        File.Copy(dir["img/train/cello/cello01_0.jpg"], Path.Combine(Directory.CreateDirectory(dir["img/train/piano"]).FullName, "piano01_0.jpg"));
        TestSounds.WriteChunk(Chunk(dir.Path, "train", "piano", "piano01_0"));
        // Badly named pair, a non-image file, a file outside instrument folders, an unknown split.
        File.Copy(dir["img/train/cello/cello01_0.jpg"], dir["img/train/cello/cello_take2.jpg"]);
        TestSounds.WriteChunk(Chunk(dir.Path, "train", "cello", "cello_take2"));
        File.WriteAllText(dir["img/train/cello/notes.txt"], "x");
        File.WriteAllText(dir["img/train/readme.md"], "x");
        TestSounds.WriteChunk(Chunk(dir.Path, "test", "cello", "cello01_0"));

        var ds = SubUrmpDatasetReader.Read(dir.Path);

        Assert.Equal("cello01_0", Assert.Single(ds.Samples).Name);
        Assert.Equal(2, ds.Report.Count(SkipReason.UnknownLabel));
        Assert.Contains(ds.Report.Notes, n => n.Contains("unknown instrument folder 'train/piano'"));
        Assert.Equal(2, ds.Report.Count(SkipReason.BadName));
        Assert.Contains(ds.Report.Skipped, s => s.Reason == SkipReason.BadName && s.Detail.Contains("'cello_take2' does not follow <instrument><NN>_<ms>"));
        Assert.Equal(3, ds.Report.Count(SkipReason.UnexpectedFile)); // notes.txt, readme.md, chunk/test/...
        Assert.Contains(ds.Report.Skipped, s => s.Detail.Contains("'test' is not a split folder"));
    }

    [Fact]
    public void SkipsUnreadableFilesWithTheirReason()
    {
        using var dir = new TempFolder();
        var img = Directory.CreateDirectory(dir["img/train/flute"]).FullName;
        var good = Path.Combine(TestImages.RealFramesDir, "flute", "flute01_1400.jpg");
        foreach (var n in new[] { "flute01_0", "flute01_500", "flute01_1000", "flute01_1500" })
        {
            File.Copy(good, Path.Combine(img, n + ".jpg"));
            TestSounds.WriteChunk(Chunk(dir.Path, "train", "flute", n));
        }
        File.WriteAllBytes(Path.Combine(img, "flute01_500.jpg"), []);                   // empty image
        File.WriteAllBytes(Chunk(dir.Path, "train", "flute", "flute01_1000"), "RIFF"u8.ToArray()); // broken WAV
        var bytes = File.ReadAllBytes(good);
        File.WriteAllBytes(Path.Combine(img, "flute01_1500.jpg"), bytes[..(bytes.Length / 2)]); // header fine, pixels cut

        var headers = SubUrmpDatasetReader.Read(dir.Path);
        Assert.Equal(["flute01_0", "flute01_1500"], headers.Samples.Select(s => s.Name).Order());
        Assert.Contains(headers.Report.Skipped, s => s.Reason == SkipReason.UnreadableImage && s.Detail.Contains("empty"));
        Assert.Contains(headers.Report.Skipped, s => s.Reason == SkipReason.UnreadableSound && s.Detail.Contains("WAV"));

        var full = SubUrmpDatasetReader.Read(dir.Path, DatasetVerification.Full);
        Assert.Equal("flute01_0", Assert.Single(full.Samples).Name);
        Assert.Contains(full.Report.Skipped, s => s.Path.EndsWith("flute01_1500.jpg") && s.Detail.Contains("truncated JPEG"));

        var trusting = SubUrmpDatasetReader.Read(dir.Path, DatasetVerification.None);
        Assert.Equal(4, trusting.Samples.Count);
    }

    [Fact]
    public void NotesAVideoPresentInBothSplitsAndDuplicateNames()
    {
        using var dir = new TempFolder();
        var src = Path.Combine(TestImages.RealFramesDir, "horn", "horn00_3200.jpg");
        foreach (var split in new[] { "train", "validation" })
        {
            File.Copy(src, Path.Combine(Directory.CreateDirectory(dir[$"img/{split}/horn"]).FullName, $"horn00_{(split == "train" ? 0 : 500)}.jpg"));
            TestSounds.WriteChunk(Chunk(dir.Path, split, "horn", $"horn00_{(split == "train" ? 0 : 500)}"));
        }
        File.WriteAllBytes(dir["img/train/horn/horn00_0.png"], PngOf(src));

        var ds = SubUrmpDatasetReader.Read(dir.Path);
        Assert.Equal(2, ds.Samples.Count);
        Assert.Contains(ds.Report.Notes, n => n.Contains("both train and validation") && n.Contains("horn00"));
        Assert.Equal(1, ds.Report.Count(SkipReason.DuplicateName));
    }

    static byte[] PngOf(string jpg)
    {
        using var img = CrossModal.Core.Imaging.SafeImageDecoder.DecodeFile(jpg);
        return CrossModal.Core.Imaging.PngImageEncoder.Encode(img);
    }

    [Fact]
    public void RefusesFoldersThatAreNotDatasets()
    {
        using var dir = new TempFolder();
        Assert.Contains("dataset folder not found", Assert.Throws<InvalidInputException>(() => SubUrmpDatasetReader.Read(dir["missing"])).Message);
        Assert.Contains("neither an img/ nor a chunk/", Assert.Throws<InvalidInputException>(() => SubUrmpDatasetReader.Read(dir.Path)).Message);
        Directory.CreateDirectory(dir["img"]);
        Assert.Contains("img/ but no chunk/", Assert.Throws<InvalidInputException>(() => SubUrmpDatasetReader.Read(dir.Path)).Message);
    }

    [Fact]
    public void ACorruptManifestOrPairsFileIsNotedNotFatal()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(dir["img/train"]);
        Directory.CreateDirectory(dir["chunk/train"]);
        File.WriteAllText(dir["dataset.json"], "{ not json");
        File.WriteAllText(dir["pairs.csv"], "pitch\n1\n");
        var ds = SubUrmpDatasetReader.Read(dir.Path);
        Assert.Empty(ds.Samples);
        Assert.Null(ds.Manifest);
        Assert.Contains(ds.Report.Notes, n => n.StartsWith("manifest ignored: 'dataset.json': not a valid manifest"));
        Assert.Contains(ds.Report.Notes, n => n.Contains("'pairs.csv': CSV header has no 'name' column"));
    }
}
