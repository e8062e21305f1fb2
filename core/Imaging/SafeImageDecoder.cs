using System.Collections.Concurrent;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;

namespace CrossModal.Core.Imaging;

/// <summary>
/// Decodes untrusted images in three steps, each able to refuse with an <see cref="InvalidInputException"/>:
/// 1. size: the encoded byte count against <see cref="ImageLimits.MaxBytes"/> (before reading a file);
/// 2. header: format detection and <c>Image.Identify</c>, which read dimensions without decoding pixels, so a
///    100k x 100k "bomb" is refused after a few dozen bytes; only JPEG, PNG, WebP and BMP pass;
/// 3. pixels: decoding under a Configuration that knows only those four formats and whose allocator refuses
///    buffers above <see cref="ImageLimits.DecoderAllocationLimitMegabytes"/>; decoder errors on corrupt data
///    become InvalidInputException, and a file cut short is refused as truncated (see <see cref="ImageCompleteness"/>;
///    ImageSharp would otherwise return a partly grey image).
/// Results are always <see cref="Rgb24"/>: alpha is dropped, as the models see RGB only.
/// </summary>
public static class SafeImageDecoder
{
    public static IReadOnlyList<string> AllowedFormats { get; } = ["JPEG", "PNG", "WEBP", "BMP"];

    // Detection uses every format ImageSharp knows, so that a refusal can name what the file actually is
    // (GIF, TIFF, TGA, ...). Decoding never uses this configuration.
    static readonly Configuration DetectionConfiguration = Configuration.Default;

    static readonly ConcurrentDictionary<int, Configuration> DecodingConfigurations = new();

    static Configuration DecodingConfiguration(ImageLimits limits) =>
        DecodingConfigurations.GetOrAdd(limits.DecoderAllocationLimitMegabytes, mb =>
            new Configuration(new JpegConfigurationModule(), new PngConfigurationModule(),
                new WebpConfigurationModule(), new BmpConfigurationModule())
            {
                MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { AllocationLimitMegabytes = mb }),
            });

    /// <summary>Reads format and dimensions and checks them against the limits, without decoding pixels.</summary>
    public static ImageHeader Identify(byte[] data, ImageLimits? limits = null)
    {
        limits ??= ImageLimits.Default;
        CheckByteCount(data.LongLength, limits);
        using var stream = new MemoryStream(data, writable: false);
        return IdentifyChecked(stream, limits);
    }

    /// <summary>As <see cref="Identify(byte[], ImageLimits?)"/> for a file; reads only the header.</summary>
    public static ImageHeader IdentifyFile(string path, ImageLimits? limits = null)
    {
        limits ??= ImageLimits.Default;
        using var stream = OpenChecked(path, limits);
        return WithFileName(path, () => IdentifyChecked(stream, limits));
    }

    public static async Task<ImageHeader> IdentifyFileAsync(string path, ImageLimits? limits = null, CancellationToken ct = default)
    {
        limits ??= ImageLimits.Default;
        await using var stream = OpenChecked(path, limits);
        // Only the header is read; ImageSharp's IdentifyAsync buffers it asynchronously.
        var header = await WithFileNameAsync(path, () => IdentifyCheckedAsync(stream, limits, ct));
        return header;
    }

    public static Image<Rgb24> Decode(byte[] data, ImageLimits? limits = null)
    {
        limits ??= ImageLimits.Default;
        CheckByteCount(data.LongLength, limits);
        using var stream = new MemoryStream(data, writable: false);
        var header = IdentifyChecked(stream, limits);
        ImageCompleteness.Ensure(data, header.Format);
        try
        {
            return Image.Load<Rgb24>(DecodingConfiguration(limits), data);
        }
        catch (Exception e) when (e is InvalidMemoryOperationException || e.InnerException is InvalidMemoryOperationException)
        {
            // ImageSharp wraps the allocator's refusal in InvalidImageContentException; it is a limit, not corruption.
            throw new InvalidInputException(
                $"{header.Format} image needs more memory to decode than the {limits.DecoderAllocationLimitMegabytes} MiB allowed.", e);
        }
        catch (Exception e) when (IsDecoderFailure(e))
        {
            throw new InvalidInputException($"corrupt {header.Format} image: {OneLine(e.Message)}", e);
        }
    }

    /// <summary>Reads at most <see cref="ImageLimits.MaxBytes"/> + 1 bytes from the stream, then decodes.</summary>
    public static Image<Rgb24> Decode(Stream stream, ImageLimits? limits = null)
    {
        limits ??= ImageLimits.Default;
        return Decode(ReadBounded(stream, limits), limits);
    }

    public static Image<Rgb24> DecodeFile(string path, ImageLimits? limits = null)
    {
        limits ??= ImageLimits.Default;
        byte[] bytes;
        using (var stream = OpenChecked(path, limits)) bytes = ReadBounded(stream, limits);
        return WithFileName(path, () => Decode(bytes, limits));
    }

    public static async Task<Image<Rgb24>> DecodeFileAsync(string path, ImageLimits? limits = null, CancellationToken ct = default)
    {
        limits ??= ImageLimits.Default;
        byte[] bytes;
        await using (var stream = OpenChecked(path, limits))
        {
            using var ms = new MemoryStream();
            await stream.CopyToAsync(ms, ct);
            bytes = ms.ToArray();
        }
        ct.ThrowIfCancellationRequested();
        return WithFileName(path, () => Decode(bytes, limits));
    }

    static ImageHeader IdentifyChecked(Stream stream, ImageLimits limits)
    {
        var format = DetectAllowedFormat(stream);
        IImageInfo? info;
        try
        {
            stream.Position = 0;
            info = Image.Identify(DecodingConfiguration(limits), stream);
        }
        catch (Exception e) when (IsDecoderFailure(e))
        {
            throw new InvalidInputException($"corrupt {format} image: its header cannot be read ({OneLine(e.Message)}).", e);
        }
        return CheckHeader(info, format, limits);
    }

    static async Task<ImageHeader> IdentifyCheckedAsync(Stream stream, ImageLimits limits, CancellationToken ct)
    {
        var format = DetectAllowedFormat(stream);
        IImageInfo? info;
        try
        {
            stream.Position = 0;
            info = await Image.IdentifyAsync(DecodingConfiguration(limits), stream, ct);
        }
        catch (Exception e) when (IsDecoderFailure(e))
        {
            throw new InvalidInputException($"corrupt {format} image: its header cannot be read ({OneLine(e.Message)}).", e);
        }
        return CheckHeader(info, format, limits);
    }

    static string DetectAllowedFormat(Stream stream)
    {
        if (stream.Length == 0) throw new InvalidInputException("not an image: it is empty (0 bytes).");
        stream.Position = 0;
        IImageFormat? detected;
        try { detected = Image.DetectFormat(DetectionConfiguration, stream); }
        catch (Exception e) when (IsDecoderFailure(e)) { detected = null; }
        if (detected is null)
            throw new InvalidInputException($"not a recognised image format; accepted formats are {string.Join(", ", AllowedFormats)}.");
        var name = detected.Name.ToUpperInvariant();
        if (!AllowedFormats.Contains(name))
            throw new InvalidInputException($"unsupported image format {name}; accepted formats are {string.Join(", ", AllowedFormats)}.");
        return name;
    }

    static ImageHeader CheckHeader(IImageInfo? info, string format, ImageLimits limits)
    {
        if (info is null) throw new InvalidInputException($"corrupt {format} image: its header cannot be read.");
        if (info.Width <= 0 || info.Height <= 0)
            throw new InvalidInputException($"corrupt {format} image: it claims {info.Width}x{info.Height} pixels.");
        var header = new ImageHeader(format, info.Width, info.Height);
        if (header.Pixels > limits.MaxPixels)
            throw new InvalidInputException(
                $"image is too large: {info.Width}x{info.Height} = {header.Pixels / 1e6:0.#} megapixels; the limit is {limits.MaxPixels / 1e6:0.#} megapixels.");
        return header;
    }

    static FileStream OpenChecked(string path, ImageLimits limits)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"'{path}': file not found.");
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            try { WithFileName(path, () => { CheckByteCount(stream.Length, limits); return 0; }); }
            catch { stream.Dispose(); throw; }
            return stream;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"'{path}': cannot be read ({e.Message}).", e);
        }
    }

    static void CheckByteCount(long bytes, ImageLimits limits)
    {
        if (bytes == 0) throw new InvalidInputException("not an image: it is empty (0 bytes).");
        if (bytes > limits.MaxBytes)
            throw new InvalidInputException(
                $"image file is too large: {bytes / 1048576.0:0.0} MiB; the limit is {limits.MaxBytes / 1048576.0:0.0} MiB.");
    }

    static byte[] ReadBounded(Stream stream, ImageLimits limits)
    {
        using var ms = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            ms.Write(buffer, 0, n);
            if (ms.Length > limits.MaxBytes) CheckByteCount(ms.Length, limits); // throws: stop reading at once
        }
        return ms.ToArray();
    }

    // Decoders can fail on malformed input in ways other than their documented exceptions; for untrusted
    // input every such failure means "this file is bad", not "the program is broken".
    static bool IsDecoderFailure(Exception e) => e is ImageFormatException or InvalidMemoryOperationException
        or NotSupportedException or InvalidDataException or EndOfStreamException
        or IndexOutOfRangeException or ArgumentException or InvalidOperationException;

    static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim().TrimEnd('.');

    static T WithFileName<T>(string path, Func<T> action)
    {
        try { return action(); }
        catch (InvalidInputException e) when (!e.Message.StartsWith('\''))
        { throw new InvalidInputException($"'{Path.GetFileName(path)}': {e.Message}", e); }
    }

    static async Task<T> WithFileNameAsync<T>(string path, Func<Task<T>> action)
    {
        try { return await action(); }
        catch (InvalidInputException e) when (!e.Message.StartsWith('\''))
        { throw new InvalidInputException($"'{Path.GetFileName(path)}': {e.Message}", e); }
    }
}
