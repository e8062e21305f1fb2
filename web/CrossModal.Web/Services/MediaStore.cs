using Microsoft.Extensions.Caching.Memory;

namespace CrossModal.Web.Services;

/// <summary>One generated or uploaded file the browser fetches by URL (an image, a WAV, a zip).</summary>
public sealed record MediaItem(byte[] Bytes, string ContentType, string FileName);

/// <summary>
/// Holds generated files in memory for a while and serves them at <c>/media/{id}</c> (inline) and
/// <c>/media/{id}/download</c> (as an attachment). Why not data: URLs: a 20 MB upload played back as a data: URL would be
/// sent through the Blazor circuit as 27 MB of text; a URL lets the browser fetch (and seek in) the file itself. The ids are
/// random 128-bit values, so one visitor cannot guess another's files. Entries expire after
/// <see cref="WebOptions.MediaLifetimeMinutes"/> without use, and the whole store is capped at
/// <see cref="WebOptions.MediaCacheMegabytes"/> (the oldest go first when it is full).
/// </summary>
public sealed class MediaStore : IDisposable
{
    readonly MemoryCache cache;
    readonly TimeSpan lifetime;

    public MediaStore(WebOptions options)
    {
        cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = (long)options.MediaCacheMegabytes * 1024 * 1024, CompactionPercentage = 0.25 });
        lifetime = TimeSpan.FromMinutes(options.MediaLifetimeMinutes);
    }

    /// <summary>Stores <paramref name="bytes"/> and returns its id.</summary>
    public string Put(byte[] bytes, string contentType, string fileName)
    {
        var id = Guid.NewGuid().ToString("N");
        cache.Set(id, new MediaItem(bytes, contentType, fileName), new MemoryCacheEntryOptions
        {
            Size = Math.Max(1, bytes.LongLength),
            SlidingExpiration = lifetime,
        });
        return id;
    }

    public bool TryGet(string id, out MediaItem item)
    {
        if (cache.TryGetValue(id, out MediaItem? found) && found is not null)
        {
            item = found;
            return true;
        }
        item = null!;
        return false;
    }

    /// <summary>The URL that shows the file in the page.</summary>
    public static string InlineUrl(string id) => $"/media/{id}";

    /// <summary>The URL that downloads the file under its name.</summary>
    public static string DownloadUrl(string id) => $"/media/{id}/download";

    public void Dispose() => cache.Dispose();
}
