using CrossModal.Protos.V1;
using Google.Protobuf;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CrossModal.Web.Tests;

static class TestData
{
    /// <summary>A small real PNG of one colour (distinct images for distinct shades).</summary>
    public static byte[] Png(byte shade)
    {
        using var image = new Image<Rgb24>(8, 8, new Rgb24(shade, (byte)(255 - shade), 128));
        using var buffer = new MemoryStream();
        image.SaveAsPng(buffer);
        return buffer.ToArray();
    }

    public static byte[] ExampleWav(string instrument = "cello") => File.ReadAllBytes(Path.Combine(ComponentTestContext.WebRoot, "examples", $"{instrument}.wav"));
    public static byte[] ExampleJpeg(string instrument = "violin") => File.ReadAllBytes(Path.Combine(ComponentTestContext.WebRoot, "examples", $"{instrument}.jpg"));

    public static Prediction Prediction(string instrument, float confidence) => new() { Instrument = instrument, Confidence = confidence };

    public static SoundToImageResponse Images(int count, string model = "s2i-c")
    {
        var response = new SoundToImageResponse { ModelId = model };
        for (int i = 0; i < count; i++) response.Png.Add(ByteString.CopyFrom(Png((byte)(i * 20))));
        return response;
    }

    /// <summary>A spectrogram whose value at (bin, frame) is <paramref name="value"/>(bin, frame).</summary>
    public static Spectrogram Lms(int bins, int frames, Func<int, int, float> value)
    {
        var s = new Spectrogram { Bins = bins, Frames = frames };
        for (int b = 0; b < bins; b++)
            for (int f = 0; f < frames; f++)
                s.Values.Add(value(b, f));
        return s;
    }
}
