using CrossModal.Clients;
using CrossModal.Studies.Admin;
using CrossModal.Studies.Creation;
using CrossModal.Studies.Data;
using CrossModal.Studies.Hosting;
using CrossModal.Studies.Rating;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CrossModal.Studies;

/// <summary>The host's two calls: <c>builder.Services.AddCrossModalStudies(builder.Configuration)</c> and <c>app.UseCrossModalStudies()</c>.</summary>
public static class StudiesExtensions
{
    /// <summary>The assembly holding the pages, for the Router's and MapRazorComponents' AdditionalAssemblies.</summary>
    public static System.Reflection.Assembly Assembly => typeof(StudiesExtensions).Assembly;

    public static IServiceCollection AddCrossModalStudies(this IServiceCollection services, IConfiguration configuration)
    {
        var options = StudiesOptions.From(configuration);
        services.AddSingleton(options);
        services.AddSingleton(new StudiesDb(options.Provider, options.ConnectionString));
        services.AddSingleton<AdminAuth>();
        services.AddSingleton<AdminSessions>();
        services.AddRateLimiter(limiter => SignInLimiter.Configure(limiter, options));
        services.AddSingleton<StudyGenerationQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<StudyGenerationQueue>());
        services.AddSingleton<RatingService>();
        services.AddSingleton<ParticipantJoin>();
        services.AddSingleton<StudyAdminService>();
        // Typed gRPC clients, unless the host registered them already; a test can register its own image source first.
        if (!services.Any(d => d.ServiceType == typeof(CrossModal.Protos.V1.GeneratorService.GeneratorServiceClient)))
            services.AddCrossModalClients(configuration);
        services.TryAddTransient<IStudyImageSource, GrpcStudyImageSource>();

        services.AddAuthentication(AdminAuth.Scheme).AddCookie(AdminAuth.Scheme, o =>
        {
            o.LoginPath = AdminAuth.LoginPage;
            o.AccessDeniedPath = AdminAuth.LoginPage;
            o.ReturnUrlParameter = "returnUrl";
            o.Cookie.Name = "crossmodal.admin";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // Endpoints (CSV) answer 401/403 instead of redirecting to the login page.
            o.Events.OnRedirectToLogin = ctx => Challenge(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => Challenge(ctx, StatusCodes.Status403Forbidden);
            // A cookie whose session was signed out (in another tab, or a copy of it) is refused at once.
            o.Events.OnValidatePrincipal = async ctx =>
            {
                if (ctx.HttpContext.RequestServices.GetRequiredService<AdminSessions>().IsActive(AdminSessions.IdOf(ctx.Principal))) return;
                ctx.RejectPrincipal();
                await ctx.HttpContext.SignOutAsync(AdminAuth.Scheme);
            };
        });
        services.AddAuthorizationBuilder().AddPolicy(AdminAuth.Policy, p => p
            .AddAuthenticationSchemes(AdminAuth.Scheme).RequireAuthenticatedUser().RequireRole(AdminAuth.Role));
        services.AddCascadingAuthenticationState();
        // Open circuits re-check the admin's session, so a sign-out reaches every tab (added last: it wins over the
        // plain provider that AddRazorComponents registers).
        services.AddScoped<AuthenticationStateProvider, AdminSessionRevalidation>();
        return services;
    }

    /// <summary>The same as <c>builder.Services.AddCrossModalStudies(builder.Configuration)</c>.</summary>
    public static WebApplicationBuilder AddCrossModalStudies(this WebApplicationBuilder builder)
    {
        builder.Services.AddCrossModalStudies(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// Migrates the database (creating the SQLite file and its folder), adds the sign-in rate limiter and maps the
    /// endpoints (sign-in/out, CSV export, rater images). Authentication and authorization middleware: ASP.NET Core
    /// adds both by itself once their services are registered (AddCrossModalStudies does); a host that calls
    /// <c>UseAuthentication()</c>/<c>UseAuthorization()</c> itself must do so before <c>UseAntiforgery()</c>.
    /// </summary>
    public static WebApplication UseCrossModalStudies(this WebApplication app)
    {
        var db = app.Services.GetRequiredService<StudiesDb>();
        db.MigrateAsync().GetAwaiter().GetResult();
        app.Services.GetRequiredService<AdminAuth>(); // logs a generated password at start, not at first login
        app.UseRateLimiter();
        app.MapCrossModalStudiesEndpoints();
        return app;
    }

    /// <summary>Pages get the login redirect; endpoints and non-GET requests get a status code.</summary>
    static Task Challenge(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        bool page = HttpMethods.IsGet(ctx.Request.Method) && !ctx.Request.Path.Value!.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
            && ctx.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
        if (page) ctx.Response.Redirect(ctx.RedirectUri);
        else ctx.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
