using CrossModal.Core.Imaging;

namespace CrossModal.Core.Generation;

/// <summary>Generated images: pixels [Count, 3, 64, 64] in [-1, 1] (row-major) and one 64x64 PNG per image.</summary>
public sealed record GeneratedImages(float[] Pixels, int Count, IReadOnlyList<byte[]> Png)
{
    public const int Size = ImagePreprocessor.ModelImageSize;
    public ReadOnlySpan<float> Image(int i) => Pixels.AsSpan(i * 3 * Size * Size, 3 * Size * Size);

    /// <summary>
    /// The PNGs of <paramref name="count"/> square images given as CHW pixels in [-1, 1], one after another (what
    /// <see cref="SoundToImagePipeline.Generate"/> returns): how every generated image becomes the file a user gets.
    /// </summary>
    public static IReadOnlyList<byte[]> EncodePng(ReadOnlySpan<float> pixels, int count)
    {
        var size = pixels.Length / count;
        var side = (int)Math.Sqrt(size / 3);
        var pngs = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
            using (var image = ImageTensors.FromChw(pixels.Slice(i * size, size), side, side))
                pngs.Add(PngImageEncoder.Encode(image));
        return pngs;
    }
}
