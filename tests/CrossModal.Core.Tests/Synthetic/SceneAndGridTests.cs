using CrossModal.Core.Datasets;
using CrossModal.DatasetTools.Synthetic;
using CrossModal.DatasetTools.Synthetic.Scene;
using SkiaSharp;

namespace CrossModal.Core.Tests.Synthetic;

public class SceneAndGridTests
{
    static SKBitmap Decode(byte[] jpeg) => SKBitmap.Decode(jpeg) ?? throw new InvalidOperationException("not decodable");

    /// <summary>The pixel pairs that changed clearly (not JPEG noise) between two frames.</summary>
    static List<(SKColor A, SKColor B)> ChangedPixelPairs(byte[] a, byte[] b)
    {
        using var x = Decode(a);
        using var y = Decode(b);
        var changed = new List<(SKColor, SKColor)>();
        for (int j = 0; j < x.Height; j++)
            for (int i = 0; i < x.Width; i++)
            {
                var p = x.GetPixel(i, j); var q = y.GetPixel(i, j);
                if (Math.Abs(p.Red - q.Red) + Math.Abs(p.Green - q.Green) + Math.Abs(p.Blue - q.Blue) > 60) changed.Add((p, q));
            }
        return changed;
    }

    static int ChangedPixels(byte[] a, byte[] b) => ChangedPixelPairs(a, b).Count;

    [Fact]
    public void EveryInstrumentDrawsADeterministicJpegOfTheRequestedSize()
    {
        foreach (var profile in InstrumentProfiles.All)
        {
            var look = SceneLook.ForPiece(3, profile, 1, profile.Voices[^1]);
            var pose = new PoseParameters(0.3f, 0.6f, 0.5f, 0.2f);
            var a = SceneRenderer.RenderJpeg(64, 90, profile.Name, look, pose, look.Camera, 0.5f);
            var b = SceneRenderer.RenderJpeg(64, 90, profile.Name, look, pose, look.Camera, 0.5f);
            Assert.Equal(a, b);
            using var bmp = Decode(a);
            Assert.Equal((64, 64), (bmp.Width, bmp.Height));
        }
    }

    [Theory]
    [InlineData("trombone", 0)] // slide extension
    [InlineData("cello", 0)]    // bow position
    [InlineData("violin", 1)]   // left hand along the neck
    [InlineData("flute", 0)]    // left-hand fingers
    public void ThePoseIsVisibleInTheImage(string instrument, int parameter)
    {
        var profile = InstrumentProfiles.Get(instrument);
        var look = SceneLook.ForPiece(1, profile, 1, profile.Voices[0]) with { Camera = new CameraFraming(1, 0, 0, 0) };
        float[] low = [0.5f, 0.5f, 0.5f, 0f], high = [0.5f, 0.5f, 0.5f, 0f];
        low[parameter] = 0; high[parameter] = 1;
        var a = SceneRenderer.RenderJpeg(128, 95, instrument, look, new PoseParameters(low[0], low[1], low[2], low[3]), look.Camera, 0);
        var b = SceneRenderer.RenderJpeg(128, 95, instrument, look, new PoseParameters(high[0], high[1], high[2], high[3]), look.Camera, 0);
        Assert.True(ChangedPixels(a, b) >= 20, $"{instrument} pose_{parameter} barely changes the image");
        Assert.Equal(0, ChangedPixels(a, SceneRenderer.RenderJpeg(128, 95, instrument, look, new PoseParameters(low[0], low[1], low[2], low[3]), look.Camera, 0)));
    }

    /// <summary>
    /// Violin and viola differ mostly in size, which the camera's zoom and a 64 x 64 image blur away; they must also
    /// differ in colour where they differ at all. Same player, room, camera and pose: the pixels that change between the
    /// two renders are the instrument's, and their mean colours must be clearly apart.
    /// </summary>
    [Fact]
    public void ViolinAndViolaDifferInColourAt64Pixels()
    {
        var (changed, distance) = TwinDifference("violin", "viola");
        Assert.True(changed >= 20, $"violin and viola draw almost the same pixels ({changed} differ)");
        Assert.True(distance >= 60, $"violin and viola differ by only {distance:F0} in mean colour over {changed} pixels");
    }

    /// <summary>
    /// The oboe is held 14° off vertical and the clarinet straight down, and their woods differ (rosewood, ebony): at
    /// 64 x 64 the two renders of one scene differ in many pixels, and in colour. Measured when written: 220 pixels,
    /// 55 levels apart (less than the violin pair's 60 because the tilted oboe also uncovers background).
    /// </summary>
    [Fact]
    public void ClarinetAndOboeDifferInAngleAndColourAt64Pixels()
    {
        var (changed, distance) = TwinDifference("clarinet", "oboe");
        Assert.True(changed >= 150, $"clarinet and oboe differ in only {changed} pixels");
        Assert.True(distance >= 45, $"clarinet and oboe differ by only {distance:F0} in mean colour over {changed} pixels");
    }

    /// <summary>Changed pixels between two instruments drawn in the same scene, and the distance of their mean colours.</summary>
    static (int Changed, double Distance) TwinDifference(string first, string second)
    {
        var profile = InstrumentProfiles.Get(first);
        var look = SceneLook.ForPiece(2, profile, 1, profile.Voices[0]);
        var pose = new PoseParameters(0.5f, 0.5f, 0.5f, 0f);
        var pairs = ChangedPixelPairs(SceneRenderer.RenderJpeg(64, 90, first, look, pose, look.Camera, 0),
            SceneRenderer.RenderJpeg(64, 90, second, look, pose, look.Camera, 0));
        if (pairs.Count == 0) return (0, 0);
        // Distance between the two mean colours (the mean of the differences is the difference of the means).
        var distance = Math.Sqrt(new Func<(SKColor A, SKColor B), double>[]
            { p => p.A.Red - p.B.Red, p => p.A.Green - p.B.Green, p => p.A.Blue - p.B.Blue }
            .Sum(channel => Math.Pow(pairs.Average(channel), 2)));
        return (pairs.Count, distance);
    }

    [Fact]
    public void PlayersRoomsAndCamerasVaryAcrossPieces()
    {
        var profile = InstrumentProfiles.Get("clarinet");
        var looks = Enumerable.Range(1, 20).Select(k => SceneLook.ForPiece(1, profile, k, profile.Voices[0])).ToList();
        Assert.True(looks.Select(l => l.Player.Skin).Distinct().Count() >= 4);
        Assert.True(looks.Select(l => l.Outfit.Top).Distinct().Count() >= 5);
        Assert.True(looks.Select(l => l.Backdrop.WallTop).Distinct().Count() >= 5);
        Assert.True(looks.Select(l => l.Camera.Zoom).Distinct().Count() == 20);
        Assert.Equal(looks[3], SceneLook.ForPiece(1, profile, 4, profile.Voices[0]));
    }

    [Fact]
    public void GridHasOneRowPerInstrumentAndRefusesMissingFolders()
    {
        var root = Directory.CreateTempSubdirectory("grid-").FullName;
        try
        {
            foreach (var (instrument, split) in new[] { ("violin", "train"), ("cello", "validation") })
            {
                var dir = Directory.CreateDirectory(Path.Combine(root, "img", split, instrument)).FullName;
                var profile = InstrumentProfiles.Get(instrument);
                var look = SceneLook.ForPiece(1, profile, 1, profile.Voices[0]);
                for (int k = 0; k < 3; k++)
                    File.WriteAllBytes(Path.Combine(dir, $"{instrument}01_{k * 500}.jpg"), SceneRenderer.RenderJpeg(64, 90, instrument, look, default, look.Camera, 0));
            }
            var png = Path.Combine(root, "grid.png");
            Assert.Equal((2, 6), SampleGrid.Write(root, png, columns: 4, cell: 32));
            using var bmp = SKBitmap.Decode(png);
            Assert.Equal((4 * 32, 2 * 32), (bmp.Width, bmp.Height));
            Assert.Throws<InvalidInputException>(() => SampleGrid.Write(Path.Combine(root, "nope"), png));
            Assert.Throws<InvalidInputException>(() => SampleGrid.Write(Path.Combine(root, "img"), png));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void PairsCsvRoundTripsAndRefusesMalformedRows()
    {
        var path = Path.GetTempFileName();
        try
        {
            var pair = new SyntheticPair("train", "cello", "cello01_500", 1, 500, 48, 90, -20.5, 42, new PoseParameters(0.1f, 0.2f, 0.3f, 0.4f), 7, 8, 9, 1.05f, 0.01f, -0.02f, 1.5f);
            File.WriteAllText(path, PairsCsv.Format([pair]));
            Assert.Equal(pair, Assert.Single(PairsCsv.Read(path)));
            File.WriteAllText(path, string.Join(',', PairsCsv.Columns) + "\ntrain,cello,x,1\n");
            Assert.Contains("line 2", Assert.Throws<InvalidInputException>(() => PairsCsv.Read(path)).Message);
            File.WriteAllText(path, "a,b\n");
            Assert.Throws<InvalidInputException>(() => PairsCsv.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
