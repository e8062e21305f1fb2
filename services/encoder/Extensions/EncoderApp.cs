using CrossModal.EncoderService.Encoding;
using CrossModal.EncoderService.Services;
using CrossModal.ModelServing;
using CrossModal.ServiceDefaults;

namespace CrossModal.EncoderService.Extensions;

/// <summary>The encoder service's wiring. <paramref name="configure"/> is the test hook (configuration, a loopback Kestrel endpoint).</summary>
public static class EncoderApp
{
    public const string Name = "crossmodal-encoder";

    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null, string? contentRoot = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = contentRoot });
        configure?.Invoke(builder);
        builder.AddServiceDefaults(Name).AddGrpcServerDefaults().AddModelServing();
        builder.Services.AddSingleton<SoundEncoding>();
        builder.Services.AddSingleton<ImageEncoding>();

        var app = builder.Build();
        app.MapGrpcService<EncoderGrpcService>();
        app.MapGrpcDefaultEndpoints();
        return app;
    }
}
