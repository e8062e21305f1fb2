using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;

namespace CrossModal.Studies.Hosting;

/// <summary>
/// The admin sign-ins that are still valid, kept on the server. A cookie alone cannot be taken back: without this, a
/// signed-out (or stolen) cookie keeps working until it expires, and an admin tab left open never learns of the
/// sign-out. Each sign-in gets a random session id in its cookie; sign-out ends it, the cookie check refuses a cookie
/// whose session has ended, and open circuits re-check every few seconds (<see cref="AdminSessionRevalidation"/>).
/// Sessions live in memory: a restart of the web app signs every admin out, which is the safe direction.
/// Training runs are owned by the session that started them (<see cref="IdOf"/> is the owner's key).
/// </summary>
public sealed class AdminSessions(TimeProvider clock)
{
    public const string ClaimType = "crossmodal:admin-session";

    /// <summary>A session unused for this long ends by itself (the cookie's own sliding lifetime).</summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromHours(8);

    readonly ConcurrentDictionary<string, DateTimeOffset> _lastSeen = new();

    public AdminSessions() : this(TimeProvider.System) { }

    /// <summary>Starts a session: an unguessable id for the sign-in's cookie. Sessions idle past their lifetime are dropped here.</summary>
    public string Begin()
    {
        var now = clock.GetUtcNow();
        foreach (var (id, seen) in _lastSeen)
            if (now - seen > IdleLifetime) _lastSeen.TryRemove(id, out _);
        var session = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _lastSeen[session] = now;
        return session;
    }

    public void End(string? session)
    {
        if (session is not null) _lastSeen.TryRemove(session, out _);
    }

    /// <summary>Whether the session is still signed in (and marks it used).</summary>
    public bool IsActive(string? session)
    {
        if (session is null || !_lastSeen.TryGetValue(session, out var seen)) return false;
        var now = clock.GetUtcNow();
        if (now - seen > IdleLifetime)
        {
            _lastSeen.TryRemove(session, out _);
            return false;
        }
        _lastSeen[session] = now;
        return true;
    }

    /// <summary>The session id a principal carries (null for anyone not signed in as admin).</summary>
    public static string? IdOf(ClaimsPrincipal? user) =>
        user is not null && user.IsInRole(AdminAuth.Role) ? user.FindFirst(ClaimType)?.Value : null;

    /// <summary>The caller's session id when the caller is a signed-in admin whose session has not ended; else null.</summary>
    public string? ActiveSessionOf(ClaimsPrincipal? user) => IdOf(user) is { } id && IsActive(id) ? id : null;

    /// <summary>The session id of a signed-in admin, or an <see cref="UnauthorizedAccessException"/> for anyone else.</summary>
    public string Require(ClaimsPrincipal? user) =>
        ActiveSessionOf(user) ?? throw new UnauthorizedAccessException("Only a signed-in administrator may do this.");
}
