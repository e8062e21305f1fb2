using Microsoft.AspNetCore.Components.Forms;

namespace CrossModal.Web.Services;

/// <summary>
/// The checks the page can make itself before sending a file (size, emptiness, the format's signature), so an obvious
/// mistake is answered at once; everything deeper (a corrupt body, a silent sound) is the services' to judge, and their
/// InvalidArgument message is shown as it is.
/// </summary>
public static class UploadRules
{
    /// <summary>The services' decoders accept up to 20 MiB (core's ImageLimits.DefaultMaxBytes; WAVs travel in the same 32 MB messages).</summary>
    public const long MaxBytes = 20L * 1024 * 1024;

    public const string WavAccept = ".wav,audio/wav,audio/x-wav,audio/wave";
    public const string ImageAccept = ".jpg,.jpeg,.png,image/jpeg,image/png";

    public static string FormatSize(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes / 1048576.0:0.#} MB",
    };

    /// <summary>Refuses a file larger than <see cref="MaxBytes"/> before a byte of it is read.</summary>
    public static void CheckSize(string name, long size)
    {
        if (size == 0) throw new InvalidUploadException($"'{name}' is empty.");
        if (size > MaxBytes) throw new InvalidUploadException($"'{name}' is {FormatSize(size)}; the limit is {FormatSize(MaxBytes)}.");
    }

    /// <summary>A RIFF/WAVE header, as every WAV file starts.</summary>
    public static void CheckWav(string name, byte[] bytes)
    {
        CheckSize(name, bytes.Length);
        if (bytes.Length < 12 || !bytes.AsSpan(0, 4).SequenceEqual("RIFF"u8) || !bytes.AsSpan(8, 4).SequenceEqual("WAVE"u8))
            throw new InvalidUploadException($"'{name}' is not a WAV file (no RIFF/WAVE header). Choose a .wav recording.");
    }

    /// <summary>The signature of a JPEG or a PNG file (the formats the page offers).</summary>
    public static void CheckImage(string name, byte[] bytes)
    {
        CheckSize(name, bytes.Length);
        if (!IsJpeg(bytes) && !IsPng(bytes))
            throw new InvalidUploadException($"'{name}' is not a JPEG or PNG image. Choose a .jpg or .png picture.");
    }

    public static bool IsJpeg(ReadOnlySpan<byte> b) => b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF;
    public static bool IsPng(ReadOnlySpan<byte> b) => b.Length >= 8 && b[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });

    /// <summary>
    /// Reads a browser file whole (it must fit in <see cref="MaxBytes"/>; Blazor's own default stream limit is 512 kB, so
    /// the limit is raised here deliberately) and checks it with <paramref name="check"/>. The buffer grows with what
    /// actually arrives: the size the browser announces is the visitor's claim, and sizing the buffer by it would let
    /// a page that announces 20 MB and sends nothing hold 20 MB of the server per upload.
    /// </summary>
    public static async Task<UploadedFile> ReadAsync(IBrowserFile file, Action<string, byte[]> check, CancellationToken cancellationToken = default)
    {
        CheckSize(file.Name, file.Size);
        using var buffer = new MemoryStream();
        await using (var stream = file.OpenReadStream(MaxBytes, cancellationToken))
            await stream.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        check(file.Name, bytes);
        return new UploadedFile(file.Name, bytes, string.IsNullOrEmpty(file.ContentType) ? "application/octet-stream" : file.ContentType);
    }
}
