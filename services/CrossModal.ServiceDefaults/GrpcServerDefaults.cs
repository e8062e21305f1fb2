using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace CrossModal.ServiceDefaults;

/// <summary>
/// What a CrossModal gRPC server adds to <see cref="ServiceDefaultsExtensions.AddServiceDefaults"/>: plaintext HTTP/2,
/// the message limits, exception mapping (<see cref="GrpcExceptionInterceptor"/>), gRPC health over every registered
/// health check, and reflection; <see cref="MapGrpcDefaultEndpoints"/> maps the last two.
/// </summary>
public static class GrpcServerDefaults
{
    /// <summary>Large enough for the 20 MB uploads the decoders accept (ImageLimits.DefaultMaxBytes) plus framing.</summary>
    public const int MaxMessageBytes = 32 * 1024 * 1024;

    public static WebApplicationBuilder AddGrpcServerDefaults(this WebApplicationBuilder builder)
    {
        // No TLS in the cluster (a mesh or ingress terminates it): plaintext HTTP/2 only, so gRPC clients
        // connect with prior knowledge. Endpoints come from Kestrel:Endpoints in configuration.
        builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(e => e.Protocols = HttpProtocols.Http2));

        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = MaxMessageBytes;
            o.MaxSendMessageSize = MaxMessageBytes;
            o.EnableDetailedErrors = false;
            o.Interceptors.Add<GrpcExceptionInterceptor>();
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks();
        return builder;
    }

    public static WebApplication MapGrpcDefaultEndpoints(this WebApplication app)
    {
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
