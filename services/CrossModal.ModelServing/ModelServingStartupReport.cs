using CrossModal.Core.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrossModal.ModelServing;

/// <summary>Logs once, at start, what the service will serve from and compute on.</summary>
sealed class ModelServingStartupReport(ILogger<ModelServingStartupReport> logger, ServicePaths paths, RuntimeSelection runtime, DevicePlacement placement) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("model store {Models}, data root {Data}; {Runtime}; models compute on {ModelDevice}", paths.Models, paths.Data, runtime.Message, placement.Device.type);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
