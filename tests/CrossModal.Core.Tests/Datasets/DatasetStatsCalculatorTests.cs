using CrossModal.Core.Datasets;
using CrossModal.Core.Imaging;
using CrossModal.Core.Tests.Imaging;

namespace CrossModal.Core.Tests.Datasets;

public class DatasetStatsCalculatorTests
{
    /// <summary>
    /// train: cello01 ×3 (amplitudes 0.5, 0.05, 0.001), violin02 ×1 (0.5); validation: cello03 ×1 (0.5, 1 s long);
    /// one unpaired image. Images: the real 256x256 frame, plus one 40x30 PNG.
    /// </summary>
    static TempFolder Make()
    {
        var dir = new TempFolder();
        void Pair(string split, string instrument, string name, double amplitude, double seconds = 0.5, bool png = false)
        {
            var imgDir = Directory.CreateDirectory(dir[$"img/{split}/{instrument}"]).FullName;
            if (png) { using var img = TestImages.Gradient(40, 30); PngImageEncoder.WriteFile(Path.Combine(imgDir, name + ".png"), img); }
            else File.Copy(Path.Combine(TestImages.RealFramesDir, "cello", "cello00_6300.jpg"), Path.Combine(imgDir, name + ".jpg"));
            TestSounds.WriteWav(dir[$"chunk/{split}/{instrument}/{name}.wav"], TestSounds.Sine(seconds, amplitude: amplitude));
        }
        Pair("train", "cello", "cello01_0", 0.5);
        Pair("train", "cello", "cello01_500", 0.05);
        Pair("train", "cello", "cello01_1000", 0.001);
        Pair("train", "violin", "violin02_0", 0.5, png: true);
        Pair("validation", "cello", "cello03_0", 0.5, seconds: 1.0);
        File.Copy(dir["img/train/cello/cello01_0.jpg"], dir["img/train/cello/cello01_1500.jpg"]);
        return dir;
    }

    [Fact]
    public void CountsDurationsSizesAndLoudness()
    {
        using var dir = Make();
        var stats = DatasetStatsCalculator.Compute(SubUrmpDatasetReader.Read(dir.Path));

        Assert.Equal(5, stats.Pairs);
        Assert.Equal(3, stats.PairsBySplit["train"]["cello"]);
        Assert.Equal(1, stats.PairsBySplit["train"]["violin"]);
        Assert.Equal(1, stats.PairsBySplit["validation"]["cello"]);
        Assert.Equal(["cello", "violin"], stats.PairsBySplit["train"].Keys); // Instruments order
        Assert.Equal(2, stats.VideosBySplit["train"]);
        Assert.Equal(1, stats.VideosBySplit["validation"]);
        Assert.Equal(3.0, stats.TotalSoundSeconds, 6);
        Assert.Equal(4, stats.SoundFormats["44100 Hz, 0.500 s"]);
        Assert.Equal(1, stats.SoundFormats["44100 Hz, 1.000 s"]);
        Assert.Equal(4, stats.ImageSizes["256x256 JPEG"]);
        Assert.Equal(1, stats.ImageSizes["40x30 PNG"]);
        Assert.Equal(1, stats.Skipped);
        Assert.Equal(1, stats.SkippedByReason["ImageWithoutSound"]);

        var l = stats.Loudness!;
        Assert.Equal(5, l.Count);
        Assert.Equal(-9.03, l.Max, 1);      // 0.5 sine: 20·log10(0.5/√2)
        Assert.Equal(-9.03, l.Median, 1);
        Assert.Equal(-63.0, l.Min, 1);      // 0.001 sine
        Assert.Equal(1, l.AtOrBelowThreshold);
        Assert.InRange(l.P10, l.Min, -29.0); // between the two quietest (−63, −29)
        Assert.Equal((3 * -9.03 - 29.03 - 63.01) / 5, l.Mean, 1);
    }

    [Fact]
    public void FilesThatFailLaterAreCountedAsSkipped()
    {
        using var dir = Make();
        var dataset = SubUrmpDatasetReader.Read(dir.Path, DatasetVerification.None);
        File.WriteAllBytes(dir["chunk/train/violin/violin02_0.wav"], [1, 2, 3]);
        var stats = DatasetStatsCalculator.Compute(dataset);
        Assert.Equal(4, stats.Pairs);
        Assert.Equal(1, stats.SkippedByReason["UnreadableSound"]);
        Assert.False(stats.PairsBySplit["train"].ContainsKey("violin"));
    }

    [Fact]
    public void AnEmptyDatasetHasNoLoudness()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(dir["img"]);
        Directory.CreateDirectory(dir["chunk"]);
        var stats = DatasetStatsCalculator.Compute(SubUrmpDatasetReader.Read(dir.Path));
        Assert.Equal(0, stats.Pairs);
        Assert.Null(stats.Loudness);
        Assert.Empty(stats.PairsBySplit);
    }

    [Fact]
    public void DatasetFolderPicksTheReaderByLayout()
    {
        using var dir = Make();
        Assert.Equal(5, DatasetFolder.Read(dir.Path).Samples.Count);
        using var other = new TempFolder();
        Directory.CreateDirectory(other["images/drum"]);
        TestSounds.WriteWav(other["sounds/drum/a.wav"], TestSounds.Sine(1.0));
        using (var img = TestImages.Gradient(10, 10)) PngImageEncoder.WriteFile(other["images/drum/x.png"], img);
        Assert.Equal("drum", Assert.Single(DatasetFolder.Read(other.Path).Samples).Label);
        using var neither = new TempFolder();
        Assert.Contains("is not a dataset", Assert.Throws<InvalidInputException>(() => DatasetFolder.Read(neither.Path)).Message);
    }
}
