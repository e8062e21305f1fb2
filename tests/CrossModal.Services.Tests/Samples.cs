using CrossModal.Core.Audio;
using CrossModal.Core.Imaging;
using Google.Protobuf;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CrossModal.Services.Tests;

/// <summary>Inputs the tests send: WAVs of tones, images of noise.</summary>
public static class Samples
{
    public static ByteString Wav(double seconds = 0.5, int rate = 44_100, double frequency = 440, double amplitude = 0.5)
    {
        var samples = new float[(int)(seconds * rate)];
        for (var i = 0; i < samples.Length; i++) samples[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / rate));
        using var ms = new MemoryStream();
        WavCodec.Write16(ms, samples, rate);
        return ByteString.CopyFrom(ms.ToArray());
    }

    public static ByteString Png(int seed, int size = 96)
    {
        var rng = new Random(seed);
        using var image = new Image<Rgb24>(size, size);
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
                image[x, y] = new Rgb24((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256));
        return ByteString.CopyFrom(PngImageEncoder.Encode(image));
    }

    public static Image<Rgb24> Decode(ByteString png) => Image.Load<Rgb24>(png.ToByteArray());
}
