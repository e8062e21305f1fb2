using CrossModal.Clients;
using CrossModal.ServiceDefaults;
using CrossModal.Web.Components;
using CrossModal.Web.Live;
using CrossModal.Web.Services;
using MudBlazor.Services;

namespace CrossModal.Web.Extensions;

/// <summary>
/// The web app's wiring: the hosting defaults every CrossModal process shares (logs, OpenTelemetry, health; not the
/// gRPC server parts), Blazor Server with MudBlazor, the services' typed clients, the page services.
/// </summary>
public static class WebApp
{
    /// <summary>The web app's service name in telemetry.</summary>
    public const string Name = "crossmodal-web";

    /// <summary>
    /// The folder of the app's own files (appsettings.json): the build or publish output, whatever the working directory
    /// (so <c>dotnet path/to/CrossModal.Web.dll</c> finds its settings), unless a content root is given explicitly
    /// (<c>--contentRoot</c>, <c>ASPNETCORE_CONTENTROOT</c>, or a test host).
    /// </summary>
    public static string? DefaultContentRoot(string[] args)
    {
        bool given = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        return given || !File.Exists(Path.Combine(AppContext.BaseDirectory, "appsettings.json")) ? null : AppContext.BaseDirectory;
    }

    public static WebApplicationBuilder AddCrossModalWeb(this WebApplicationBuilder builder)
    {
        // Serve _framework/ and _content/ (MudBlazor) from the build output in every environment, not only in Development.
        builder.WebHost.UseStaticWebAssets();

        var options = builder.Configuration.GetSection(WebOptions.Section).Get<WebOptions>() ?? new WebOptions();
        options.Validate();

        // Traces of the gRPC calls carry their context to the services, so a page's request and the services' work on
        // it are one trace (WebActivities starts it).
        builder.AddServiceDefaults(Name);

        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();

        // Ready for the studies library's cookie scheme: with no scheme registered these authenticate nobody and refuse nothing.
        services.AddAuthentication();
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();

        services.AddCrossModalClients(builder.Configuration);
        services.AddCrossModalPageServices(options);
        return builder;
    }

    /// <summary>The services the pages use (also what the component tests register, with fake gRPC clients).</summary>
    public static IServiceCollection AddCrossModalPageServices(this IServiceCollection services, WebOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<MediaStore>();
        services.AddSingleton<LiveSessionSlots>();
        services.AddSingleton(sp => new ExampleCatalog(sp.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider));
        services.AddSingleton<TrainingRunRegistry>();
        services.AddSingleton<IServiceHealth, GrpcServiceHealth>();
        services.AddSingleton<NearestRealSpectrogram>();
        services.AddTransient<SoundToImageFlow>();
        services.AddTransient<ImageToSoundFlow>();
        services.AddTransient<ModelCatalog>();
        services.AddTransient<TrainingGateway>();
        // Per circuit: what the visitor chose on each page survives navigating away and back, and a failed call.
        services.AddScoped<SoundToImageState>();
        services.AddScoped<ImageToSoundState>();
        services.AddScoped<TrainingFormState>();
        return services;
    }

    public static WebApplication UseCrossModalWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        // The Live page's sessions (/live/sound, /live/image); a ping every 15 s keeps idle proxies from closing them.
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    /// <summary>Static assets, media, health and the pages (with the assemblies of <see cref="WebAppParts"/>).</summary>
    public static WebApplication MapCrossModalPages(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapMedia();
        app.MapLive();
        app.MapHealthChecks("/healthz");
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .AddAdditionalAssemblies([.. WebAppParts.AdditionalAssemblies]);
        return app;
    }
}
