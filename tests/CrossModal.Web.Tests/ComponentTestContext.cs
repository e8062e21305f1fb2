using Bunit;
using Bunit.TestDoubles;
using CrossModal.Protos.V1;
using CrossModal.Studies.Hosting;
using CrossModal.Web.Extensions;
using CrossModal.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using MudBlazor;
using MudBlazor.Services;

namespace CrossModal.Web.Tests;

/// <summary>
/// A bUnit context with the web app's real page services (the same registration as the host) over fake gRPC clients,
/// MudBlazor, an interactive renderer, and the real bundled examples from the web project's wwwroot.
/// </summary>
public abstract class ComponentTestContext : BunitContext, IAsyncLifetime
{
    // MudBlazor's services are only asynchronously disposable: xunit must dispose the context asynchronously.
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    internal FakeGenerator Generator { get; } = new();
    internal FakeEncoder Encoder { get; } = new();
    internal FakeEvaluator Evaluator { get; } = new();
    internal FakeHealth Health { get; } = new();
    /// <summary>The studies' admin sessions (the Training page's gateway checks the caller against them).</summary>
    internal AdminSessions Sessions { get; } = new();

    protected ComponentTestContext()
    {
        // The machine running the tests may be busy (CI, other builds): waits are bounded but generous.
        DefaultWaitTimeout = TimeSpan.FromSeconds(20);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddCrossModalPageServices(new WebOptions());
        // The host reads the examples through IWebHostEnvironment; here straight from the project's wwwroot.
        Services.AddSingleton(new ExampleCatalog(new PhysicalFileProvider(WebRoot)));
        Services.AddSingleton<GeneratorService.GeneratorServiceClient>(Generator);
        Services.AddSingleton<EncoderService.EncoderServiceClient>(Encoder);
        Services.AddSingleton<EvaluatorService.EvaluatorServiceClient>(Evaluator);
        Services.AddSingleton<IServiceHealth>(Health);
        Services.AddSingleton(Sessions);
        // Anonymous until a test signs in (before the first render: it registers services).
        Authorization = AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        // MudSelect and friends render their lists through the popover provider.
        Popovers = Render<MudPopoverProvider>();
    }

    /// <summary>Renders as a signed-in admin with a live session (the Training page is admins' only).</summary>
    protected void SignInAsAdmin()
    {
        Authorization.SetAuthorized("admin");
        Authorization.SetRoles(AdminAuth.Role);
        Authorization.SetClaims(new System.Security.Claims.Claim(AdminSessions.ClaimType, Sessions.Begin()));
    }

    protected BunitAuthorizationContext Authorization { get; }

    /// <summary>Where MudSelect's options appear once it is opened.</summary>
    protected IRenderedComponent<MudPopoverProvider> Popovers { get; }

    public static string WebRoot { get; } = FindWebRoot();

    static string FindWebRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "web", "CrossModal.Web", "wwwroot");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("web/CrossModal.Web/wwwroot not found above the test's folder");
    }
}
