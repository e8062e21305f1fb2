using CrossModal.Studies.Creation;
using CrossModal.Studies.Domain;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace CrossModal.Studies.Tests.Support;

/// <summary>
/// Stands in for the dataset and the generator: each sample's ground truth and each method's image is a flat colour
/// derived from (instrument, sample, method), so tests can tell images apart without the services.
/// </summary>
public sealed class FakeImageSource : IStudyImageSource
{
    public int Generated;
    public Exception? FailWith { get; set; }
    /// <summary>Side of the generated images (the real generator's is 64; others test the refusal).</summary>
    public int GeneratedSize { get; set; } = 64;
    /// <summary>How generated images are encoded; null: the study encoding. Another one tests the re-encoding.</summary>
    public PngEncoder? GeneratedEncoder { get; set; }

    public Task<IReadOnlyList<StudySample>> PickSamplesAsync(string instrument, int count, long seed, CancellationToken ct)
    {
        if (FailWith is not null) throw FailWith;
        IReadOnlyList<StudySample> samples = Enumerable.Range(0, count)
            .Select(i => new StudySample($"{instrument}01_{i * 500}", Png($"{instrument}/{i}/GT"), [0x52, 0x49, 0x46, 0x46]))
            .ToList();
        return Task.FromResult(samples);
    }

    public Task<byte[]> GenerateAsync(string method, string instrument, StudySample sample, long seed, CancellationToken ct)
    {
        if (StudyMethods.Variant(method) is null) throw new ArgumentException("ground truth is not generated");
        Interlocked.Increment(ref Generated);
        return Task.FromResult(Png($"{sample.Name}/{method}/{seed}", GeneratedSize, GeneratedEncoder));
    }

    public static byte[] Png(string key, int size = 64, PngEncoder? encoder = null)
    {
        uint h = 2166136261;
        foreach (char c in key) { h ^= c; h *= 16777619; }
        using var image = new Image<Rgb24>(size, size, new Rgb24((byte)h, (byte)(h >> 8), (byte)(h >> 16)));
        if (encoder is null) return StudyPng.Encode(image);
        using var ms = new MemoryStream();
        image.SaveAsPng(ms, encoder);
        return ms.ToArray();
    }
}
