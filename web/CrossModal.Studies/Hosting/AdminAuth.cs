using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace CrossModal.Studies.Hosting;

/// <summary>
/// Admin sign-in: one password from configuration (<c>CrossModal:Web:AdminPassword</c>), a cookie on success.
/// Without a configured password a random one is generated at start and written to the log once (Warning), so a
/// fresh checkout still has a way in but no guessable default ever exists.
/// </summary>
public sealed class AdminAuth
{
    public const string Scheme = "CrossModal.Admin";
    public const string Policy = "CrossModal.Admin";
    public const string Role = "crossmodal-admin";
    public const string LoginPage = "/admin/login", LoginEndpoint = "/admin/auth/login", LogoutEndpoint = "/admin/auth/logout";

    readonly byte[] _passwordHash;

    public AdminAuth(StudiesOptions options, ILogger<AdminAuth> log)
    {
        var password = options.AdminPassword;
        if (password is null)
        {
            password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y');
            log.LogWarning("CrossModal:Web:AdminPassword is not set; the admin password for this run is {Password} (set the key to choose one).", password);
            Generated = true;
        }
        _passwordHash = SHA256.HashData(Encoding.UTF8.GetBytes(password));
    }

    public bool Generated { get; }

    /// <summary>Constant-time comparison of hashes, so the time taken says nothing about how much of a guess was right.</summary>
    public bool Check(string? attempt) =>
        attempt is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(attempt)), _passwordHash);

    /// <summary>The signed-in admin of one session (<see cref="AdminSessions"/>).</summary>
    public static ClaimsPrincipal Principal(string session) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, Role), new Claim(AdminSessions.ClaimType, session)], Scheme));

    /// <summary>
    /// A local path to return to after sign-in (never another site), with ASP.NET Core's <c>IsLocalUrl</c> rules:
    /// one leading '/' not followed by '/' or '\', and no control character anywhere — browsers drop tabs and new lines
    /// from URLs, so <c>/\t/evil.example</c> would otherwise become <c>//evil.example</c>.
    /// </summary>
    public static string SafeReturnUrl(string? url) => IsLocalUrl(url) ? url! : "/admin/studies";

    static bool IsLocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);
}
