using CrossModal.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CrossModal.ModelServing;

/// <summary>
/// What a service that serves core's models adds to its hosting defaults: the <c>CrossModal</c> configuration, its
/// folders, torch, the threads that run tensor work, the model cache, the model store's health (reported by gRPC health) and core's exceptions as statuses.
/// </summary>
public static class ModelServingExtensions
{
    public static WebApplicationBuilder AddModelServing(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(CrossModalOptions.Section).Get<CrossModalOptions>() ?? new CrossModalOptions();
        var paths = new ServicePaths(options, builder.Environment.ContentRootPath);
        // Torch is set up before the first request so that a wrong device (cuda on a CPU build) stops the start.
        var runtime = TorchStartup.Initialise(options);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(paths);
        builder.Services.AddSingleton(runtime);
        builder.Services.AddSingleton<ServiceModels>();
        // Every tensor operation of a request runs on these threads, not on the request's (docs/SERVICES.md).
        var workers = builder.Configuration.GetSection(TorchWorkersOptions.Section).Get<TorchWorkersOptions>() ?? new TorchWorkersOptions();
        workers.Validate();
        builder.Services.AddSingleton(workers);
        builder.Services.AddSingleton<TorchWorkers>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<ModelServingStartupReport>();
        builder.Services.AddSingleton<IExceptionStatusMap, CoreExceptionStatus>();
        builder.Services.AddSingleton<ModelStoreHealthCheck>();
        builder.Services.AddHealthChecks().AddCheck<ModelStoreHealthCheck>("model-store");
        return builder;
    }
}
