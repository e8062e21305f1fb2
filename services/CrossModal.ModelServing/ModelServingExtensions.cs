using CrossModal.Core.Runtime;
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
    /// <param name="builder">The service's builder.</param>
    /// <param name="modelsOnDevice">
    /// Whether the models compute on the device torch selected (<c>CrossModal:Device</c>): the generator's inference goes
    /// through core's <see cref="DevicePlacement"/> end to end. The encoder and evaluator make their input tensors on the
    /// CPU in code of their own, so their models stay there whatever the device.
    /// </param>
    public static WebApplicationBuilder AddModelServing(this WebApplicationBuilder builder, bool modelsOnDevice = false)
    {
        var options = builder.Configuration.GetSection(CrossModalOptions.Section).Get<CrossModalOptions>() ?? new CrossModalOptions();
        var paths = new ServicePaths(options, builder.Environment.ContentRootPath);
        // Torch is set up before the first request so that a wrong device (cuda on a CPU build) stops the start.
        var runtime = TorchStartup.Initialise(options);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(paths);
        builder.Services.AddSingleton(runtime);
        builder.Services.AddSingleton(modelsOnDevice ? new DevicePlacement(runtime.Device) : DevicePlacement.Cpu);
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
