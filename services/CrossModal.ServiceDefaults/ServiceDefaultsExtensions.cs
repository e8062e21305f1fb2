using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrossModal.ServiceDefaults;

/// <summary>
/// eShop-style hosting defaults of every CrossModal process (the gRPC services and the web app): JSON console logs,
/// OpenTelemetry traces, metrics and logs, and the health check registry. The gRPC services add
/// <see cref="GrpcServerDefaults.AddGrpcServerDefaults"/>; the web app, which serves HTTP/1.1 pages, does not.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        builder.Services.AddHealthChecks();
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        builder.AddTelemetry(serviceName);
        return builder;
    }
}
