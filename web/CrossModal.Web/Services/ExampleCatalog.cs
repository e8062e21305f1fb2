using Microsoft.Extensions.FileProviders;

namespace CrossModal.Web.Services;

/// <summary>
/// The bundled examples in <c>wwwroot/examples/</c>: one 0.5 s WAV and one image per URMP instrument, taken from the
/// validation split of the synthetic dataset (provenance in <c>wwwroot/examples/README.md</c>).
/// </summary>
public sealed class ExampleCatalog(IFileProvider webRoot)
{
    /// <summary>URMP's 13 instruments, in the classifiers' class order: one example of each.</summary>
    public static IReadOnlyList<string> Instruments => CrossModal.Domain.Instruments.All;

    public static string Label(string instrument) => instrument.Replace('_', ' ');

    public static string WavUrl(string instrument) => $"/examples/{instrument}.wav";
    public static string ImageUrl(string instrument) => $"/examples/{instrument}.jpg";

    public Task<UploadedFile> WavAsync(string instrument) => ReadAsync(instrument, "wav", "audio/wav");
    public Task<UploadedFile> ImageAsync(string instrument) => ReadAsync(instrument, "jpg", "image/jpeg");

    async Task<UploadedFile> ReadAsync(string instrument, string extension, string contentType)
    {
        if (!Instruments.Contains(instrument)) throw new ArgumentException($"no bundled example for '{instrument}'", nameof(instrument));
        var name = $"{instrument}.{extension}";
        var file = webRoot.GetFileInfo($"examples/{name}");
        if (!file.Exists) throw new FileNotFoundException($"the bundled example examples/{name} is missing from wwwroot", name);
        await using var stream = file.CreateReadStream();
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return new UploadedFile($"example: {Label(instrument)}", buffer.ToArray(), contentType);
    }
}
