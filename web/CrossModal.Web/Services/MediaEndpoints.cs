namespace CrossModal.Web.Services;

/// <summary><c>GET /media/{id}</c> and <c>/media/{id}/download</c>: the files of <see cref="MediaStore"/>.</summary>
public static class MediaEndpoints
{
    public static IEndpointRouteBuilder MapMedia(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/media/{id}", (HttpContext http, string id, MediaStore store) => Serve(http, store, id, download: false));
        endpoints.MapGet("/media/{id}/download", (HttpContext http, string id, MediaStore store) => Serve(http, store, id, download: true));
        return endpoints;
    }

    static IResult Serve(HttpContext http, MediaStore store, string id, bool download)
    {
        // An uploaded file is served back with the type the page gave it (audio/wav, image/png, image/jpeg): never sniffed as HTML.
        http.Response.Headers.XContentTypeOptions = "nosniff";
        if (!store.TryGet(id, out var item))
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "This file has expired or never existed; generate it again.");
        // Range requests let the audio element seek; the download name is set only when asked to save.
        return Results.File(item.Bytes, item.ContentType, download ? item.FileName : null, enableRangeProcessing: true);
    }
}
