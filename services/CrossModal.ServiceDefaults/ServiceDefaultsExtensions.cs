using CrossModal.Core.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrossModal.ServiceDefaults;

/// <summary>
/// eShop-style service defaults: <see cref="AddServiceDefaults"/> on the builder, <see cref="MapDefaultEndpoints"/>
/// on the app. Every CrossModal service gets the same gRPC limits, error mapping, health, reflection, telemetry,
/// logging, configuration and torch start-up.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Large enough for the 20 MB uploads the decoders accept (ImageLimits.DefaultMaxBytes) plus framing.</summary>
    public const int MaxMessageBytes = 32 * 1024 * 1024;

    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        var options = builder.Configuration.GetSection(CrossModalOptions.Section).Get<CrossModalOptions>() ?? new CrossModalOptions();
        var paths = new ServicePaths(options, builder.Environment.ContentRootPath);
        // Torch is set up before the first request so that a wrong device (cuda on a CPU build) stops the start.
        var runtime = TorchStartup.Initialise(options);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(paths);
        builder.Services.AddSingleton(runtime);
        builder.Services.AddSingleton<ServiceModels>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<StartupReport>();

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
        builder.Services.AddGrpcHealthChecks().AddCheck<ModelStoreHealthCheck>("model-store");
        builder.Services.AddSingleton<ModelStoreHealthCheck>();

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

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }

    /// <summary>Logs once, at start, what the service will serve from and compute on.</summary>
    sealed class StartupReport(ILogger<StartupReport> logger, ServicePaths paths, RuntimeSelection runtime) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogInformation("model store {Models}, data root {Data}; {Runtime}", paths.Models, paths.Data, runtime.Message);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
