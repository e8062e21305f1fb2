using CrossModal.Protos.V1;

namespace CrossModal.Web.Services;

/// <summary>One image of a gallery: its PNG, where the browser fetches it, and the judge's verdict (null until classified).</summary>
public sealed record GeneratedImage(int Index, byte[] Png, string FileName, string MediaId)
{
    public Prediction? Prediction { get; init; }
    public string Url => MediaStore.InlineUrl(MediaId);
    public string DownloadUrl => MediaStore.DownloadUrl(MediaId);
}

/// <summary>The answer to one Sound → Image request.</summary>
public sealed record SoundToImageResult(string ModelId, long Seed, IReadOnlyList<GeneratedImage> Images);
