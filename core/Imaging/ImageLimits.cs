namespace CrossModal.Core.Imaging;

/// <summary>
/// Limits on images accepted from outside (uploads, dataset files). Checked from the file size and the
/// header alone, before any pixel is decoded, so a decompression bomb costs a few bytes of reading.
/// </summary>
/// <param name="MaxBytes">Largest encoded file accepted.</param>
/// <param name="MaxPixels">Largest width x height accepted.</param>
/// <param name="DecoderAllocationLimitMegabytes">
/// Largest single buffer the decoder may allocate: a second line of defence in case a decoder allocates
/// more than the header suggested (e.g. a JPEG whose components are sampled oddly).
/// </param>
public sealed record ImageLimits(long MaxBytes, long MaxPixels, int DecoderAllocationLimitMegabytes)
{
    /// <summary>20 MiB of encoded data.</summary>
    public const long DefaultMaxBytes = 20L * 1024 * 1024;

    /// <summary>16 megapixels (16 x 2^20, e.g. 4096 x 4096): far above any photograph the models need (64 x 64).</summary>
    public const long DefaultMaxPixels = 16L * 1024 * 1024;

    /// <summary>
    /// A 16-megapixel RGBA32 frame is 64 MiB; JPEG decoding also holds component planes. 256 MiB leaves room
    /// for that and still stops a runaway allocation long before it hurts the process.
    /// </summary>
    public const int DefaultDecoderAllocationLimitMegabytes = 256;

    public static ImageLimits Default { get; } = new(DefaultMaxBytes, DefaultMaxPixels, DefaultDecoderAllocationLimitMegabytes);
}
