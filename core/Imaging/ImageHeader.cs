namespace CrossModal.Core.Imaging;

/// <summary>What an image's header says, read without decoding pixels.</summary>
/// <param name="Format">The detected format's short name, e.g. "JPEG", "PNG".</param>
public sealed record ImageHeader(string Format, int Width, int Height)
{
    public long Pixels => (long)Width * Height;
}
