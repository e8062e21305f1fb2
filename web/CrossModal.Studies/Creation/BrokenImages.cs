using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CrossModal.Studies.Creation;

/// <summary>The obviously broken images of gold sets: per-pixel colour noise, or a flat grey field.</summary>
public static class BrokenImages
{
    public const int Size = StudyPng.Size;

    public static byte[] Noise(long seed)
    {
        var rng = new Random(unchecked((int)(seed ^ (seed >> 32))));
        using var image = new Image<Rgb24>(Size, Size);
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
                image[x, y] = new Rgb24((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256));
        return StudyPng.Encode(image);
    }

    public static byte[] Blank()
    {
        using var image = new Image<Rgb24>(Size, Size, new Rgb24(128, 128, 128));
        return StudyPng.Encode(image);
    }
}
