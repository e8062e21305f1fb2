using Microsoft.AspNetCore.Http;

namespace CrossModal.Studies.Hosting;

/// <summary>Whether a browser request comes from a page of this site (the studies' posts, the Live page's WebSockets).</summary>
public static class RequestOrigin
{
    /// <summary>
    /// Refuses cross-site requests (login CSRF, forced sign-out, another site's page opening a live session through a
    /// visitor's browser): a browser always sends Origin on a form POST and a WebSocket handshake, so an Origin naming
    /// another site is refused; requests without one (not from a browser page) carry no ambient risk.
    /// </summary>
    public static bool IsSameOrigin(HttpRequest request) =>
        request.Headers.Origin is not { Count: > 0 } origin
        || string.Equals(origin.ToString(), $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
}
