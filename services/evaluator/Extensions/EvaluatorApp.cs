using CrossModal.EvaluatorService.Evaluation;
using CrossModal.EvaluatorService.Samples;
using CrossModal.EvaluatorService.Services;
using CrossModal.ModelServing;
using CrossModal.ServiceDefaults;

namespace CrossModal.EvaluatorService.Extensions;

/// <summary>The evaluator service's wiring. <paramref name="configure"/> is the test hook (configuration, a loopback Kestrel endpoint).</summary>
public static class EvaluatorApp
{
    public const string Name = "crossmodal-evaluator";

    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null, string? contentRoot = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = contentRoot });
        configure?.Invoke(builder);
        builder.AddServiceDefaults(Name).AddGrpcServerDefaults().AddModelServing();
        builder.Services.AddSingleton<Judge>();
        builder.Services.AddSingleton<ModelEvaluation>();
        builder.Services.AddSingleton(EvaluationSlots.From(builder.Configuration));
        // The studies' inputs come from here because this service mounts the datasets and scales out on CPU nodes.
        builder.Services.AddSingleton(StudySamplesOptions.From(builder.Configuration));
        builder.Services.AddSingleton<StudySamplePicker>();

        var app = builder.Build();
        app.MapGrpcService<EvaluatorGrpcService>();
        app.MapGrpcService<StudySamplesGrpcService>();
        app.MapGrpcDefaultEndpoints();
        return app;
    }
}
