using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrossModal.Studies.Hosting;

/// <summary>
/// ASP.NET Core's rate limiter on the admin sign-in post: per client (IP address) and for all clients together, each a
/// one-minute fixed window with no queue. The per-client limit stops one guesser; the global one stops guessing spread
/// over many addresses (at the price that a flood can hold the admin off for a minute). Every other request passes
/// unlimited. Behind a proxy every client shares the proxy's address, so the per-client limit becomes a second global
/// one: still safe, only stricter.
/// </summary>
public static class SignInLimiter
{
    public static void Configure(RateLimiterOptions limiter, StudiesOptions options)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<HttpContext, string>(http => IsSignIn(http)
                ? RateLimitPartition.GetFixedWindowLimiter("client " + ClientOf(http), _ => Window(options.SignInsPerClientPerMinute))
                : RateLimitPartition.GetNoLimiter("")),
            PartitionedRateLimiter.Create<HttpContext, string>(http => IsSignIn(http)
                ? RateLimitPartition.GetFixedWindowLimiter("all clients", _ => Window(options.SignInsPerMinute))
                : RateLimitPartition.GetNoLimiter("")));
        limiter.OnRejected = async (context, cancellationToken) =>
        {
            var http = context.HttpContext;
            http.RequestServices.GetRequiredService<ILogger<AdminAuth>>()
                .LogWarning("admin sign-in refused: too many attempts (client {Client})", ClientOf(http));
            http.Response.Headers.RetryAfter = "60";
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync("Too many sign-in attempts. Wait a minute and try again.", cancellationToken);
        };
    }

    /// <summary>The client's address as the server sees it (logged with failed and refused attempts).</summary>
    public static string ClientOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    static bool IsSignIn(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method) && http.Request.Path.Equals(AdminAuth.LoginEndpoint, StringComparison.OrdinalIgnoreCase);

    static FixedWindowRateLimiterOptions Window(int permits) =>
        new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true };
}
