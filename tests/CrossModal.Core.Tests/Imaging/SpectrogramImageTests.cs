using CrossModal.Core.Audio;
using CrossModal.Core.Imaging;
using CrossModal.Core.Tests.Audio;
using CrossModal.Domain;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CrossModal.Core.Tests.Imaging;

public class SpectrogramImageTests
{
    static (byte, byte, byte) Rgb(Rgb24 p) => (p.R, p.G, p.B);

    [Fact]
    public void LowFrequenciesAreAtTheBottomAndTheMaximumIsTheBrightestColour()
    {
        var data = new float[4 * 3];
        data[0 * 3 + 0] = 0;     // bin 0, frame 0: the maximum
        for (int i = 1; i < data.Length; i++) data[i] = -100; // everything else 100 dB below
        data[3 * 3 + 2] = -40;   // bin 3, frame 2: half-way in an 80 dB range
        using var img = SpectrogramImage.Render(new Spectrogram(data, 4, 3), scale: 2, range: 80);
        Assert.Equal((6, 8), (img.Width, img.Height));
        var map = ColorMaps.Viridis;
        Assert.Equal(map[255], Rgb(img[0, 7]));   // bin 0 → bottom rows
        Assert.Equal(map[255], Rgb(img[1, 6]));   // enlarged to a 2 x 2 block
        Assert.Equal(map[128], Rgb(img[4, 0]));   // bin 3 → top rows, −40 of [−80, 0] → entry 128 (127.5 rounded)
        Assert.Equal(map[0], Rgb(img[2, 0]));     // below the range: clamped to the darkest colour
    }

    [Fact]
    public void ViridisRunsFromDarkPurpleToYellowWithRisingLightness()
    {
        var map = ColorMaps.Viridis;
        Assert.Equal(256, map.Count);
        Assert.Equal(((byte)0x44, (byte)0x01, (byte)0x54), map[0]);
        Assert.Equal(((byte)0xFD, (byte)0xE7, (byte)0x25), map[255]);
        double Luma((byte R, byte G, byte B) c) => 0.2126 * c.R + 0.7152 * c.G + 0.0722 * c.B;
        for (int i = 8; i < 256; i += 8) Assert.True(Luma(map[i]) > Luma(map[i - 8]));
    }

    [Fact]
    public void SavesAPngThatDecodes()
    {
        using var dir = new TempDir();
        var path = dir.File("lms.png");
        SpectrogramImage.SavePng(MelSpectrogram.Log(AudioTestSignals.Noise(22050, 2)), path, scale: 3);
        using var img = Image.Load<Rgb24>(path);
        Assert.Equal((44 * 3, 128 * 3), (img.Width, img.Height));
        Assert.Throws<InvalidInputException>(() => SpectrogramImage.Render(new Spectrogram([1f], 1, 1), scale: 0));
        Assert.Throws<InvalidInputException>(() => SpectrogramImage.Render(new Spectrogram([float.NaN], 1, 1)));
    }
}
