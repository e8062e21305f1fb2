using CrossModal.GeneratorService.Generation;
using CrossModal.GeneratorService.Live;
using CrossModal.GeneratorService.Services;
using CrossModal.GeneratorService.Training;
using CrossModal.ModelServing;
using CrossModal.ServiceDefaults;

namespace CrossModal.GeneratorService.Extensions;

/// <summary>The generator service's wiring. <paramref name="configure"/> is the test hook (configuration, a loopback Kestrel endpoint).</summary>
public static class GeneratorApp
{
    public const string Name = "crossmodal-generator";

    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null, string? contentRoot = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = contentRoot });
        configure?.Invoke(builder);
        builder.AddServiceDefaults(Name).AddGrpcServerDefaults().AddModelServing(modelsOnDevice: true);

        var batching = builder.Configuration.GetSection(BatchingOptions.Section).Get<BatchingOptions>() ?? new BatchingOptions();
        batching.Validate();
        builder.Services.AddSingleton(batching);
        builder.Services.AddSingleton<SoundToImageBatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SoundToImageBatcher>());
        builder.Services.AddSingleton<GeneratorWarmUp>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<GeneratorWarmUp>());
        var live = builder.Configuration.GetSection(LiveOptions.Section).Get<LiveOptions>() ?? new LiveOptions();
        live.Validate();
        builder.Services.AddSingleton(live);
        builder.Services.AddSingleton<LiveSessions>();
        builder.Services.AddSingleton<LiveSoundToImageStream>();
        builder.Services.AddSingleton<LiveImageToSoundStream>();
        builder.Services.AddSingleton<TrainingJobs>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TrainingJobs>());

        var app = builder.Build();
        app.MapGrpcService<GeneratorGrpcService>();
        app.MapGrpcDefaultEndpoints();
        return app;
    }
}
