using System.Text;
using CrossModal.Studies.Admin;
using CrossModal.Studies.Rating;
using CrossModal.Studies.Results;
using HttpResults = Microsoft.AspNetCore.Http.Results;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace CrossModal.Studies.Hosting;

/// <summary>HTTP endpoints beside the pages: sign-in/out (cookies cannot be set from a Blazor circuit), CSV export, rater images.</summary>
public static class StudiesEndpoints
{
    public static IEndpointRouteBuilder MapCrossModalStudiesEndpoints(this IEndpointRouteBuilder app)
    {
        // Sign-in and sign-out are plain form posts (antiforgery tokens need a rendered form the login page does not have
        // before sign-in); both refuse cross-site posts by their Origin instead. Sign-in is rate limited (SignInLimiter).
        app.MapPost(AdminAuth.LoginEndpoint, LoginAsync).DisableAntiforgery();
        app.MapPost(AdminAuth.LogoutEndpoint, LogoutAsync).DisableAntiforgery();

        app.MapGet("/admin/studies/{id:int}/ratings.csv", ExportCsvAsync).RequireAuthorization(AdminAuth.Policy);

        // Opaque id, checked against the token's study; the answer never says which method made the image.
        app.MapGet("/rate/{token}/images/{imageId:guid}", async (string token, Guid imageId, RatingService ratings, HttpContext http, CancellationToken ct) =>
        {
            var png = await ratings.GetImageAsync(token, imageId, ct);
            if (png is null) return HttpResults.NotFound();
            http.Response.Headers.CacheControl = "private, max-age=86400";
            http.Response.Headers["X-Content-Type-Options"] = "nosniff";
            return HttpResults.Bytes(png, "image/png");
        });
        return app;
    }

    /// <summary>
    /// What a sign-in post may hold: the page sends two fields (password, return URL). ASP.NET Core's defaults (1,024
    /// fields of up to 4 MB, multipart bodies of 128 MB) would let every guess make the server parse megabytes, and a
    /// form over them makes ReadFormAsync throw (InvalidDataException), which is answered 400 here.
    /// </summary>
    static readonly FormOptions SignInForm = new()
    {
        ValueCountLimit = 8, KeyLengthLimit = 64, ValueLengthLimit = 4096, MultipartBodyLengthLimit = 16 * 1024, BufferBody = false,
    };

    static async Task<IResult> LoginAsync(HttpContext http, AdminAuth auth, AdminSessions sessions, ILogger<AdminAuth> log)
    {
        if (!http.Request.HasFormContentType) return HttpResults.BadRequest("expected a form");
        if (!RequestOrigin.IsSameOrigin(http.Request)) return HttpResults.StatusCode(StatusCodes.Status403Forbidden);
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(SignInForm, http.RequestAborted);
        }
        catch (InvalidDataException)
        {
            // Too many fields, a field too long, a multipart body too large, or a body that does not parse.
            return HttpResults.BadRequest("the sign-in form is not one this page sends");
        }
        var returnUrl = AdminAuth.SafeReturnUrl(form["returnUrl"]);
        if (!auth.Check(form["password"]))
        {
            log.LogWarning("failed admin sign-in from {Client}", SignInLimiter.ClientOf(http));
            // Slows guessing down; the page says only that the password was wrong.
            await Task.Delay(500);
            return HttpResults.Redirect($"{AdminAuth.LoginPage}?error=1&returnUrl={Uri.EscapeDataString(returnUrl)}");
        }
        log.LogInformation("admin signed in from {Client}", SignInLimiter.ClientOf(http));
        await http.SignInAsync(AdminAuth.Scheme, AdminAuth.Principal(sessions.Begin()));
        return HttpResults.Redirect(returnUrl);
    }

    /// <summary>Ends the session on the server too, so the cookie stops working everywhere (other tabs, copies of it).</summary>
    static async Task<IResult> LogoutAsync(HttpContext http, AdminSessions sessions)
    {
        if (!RequestOrigin.IsSameOrigin(http.Request)) return HttpResults.StatusCode(StatusCodes.Status403Forbidden);
        // The authentication middleware has read the cookie already (the admin scheme is the default one).
        sessions.End(AdminSessions.IdOf(http.User));
        await http.SignOutAsync(AdminAuth.Scheme);
        return HttpResults.Redirect(AdminAuth.LoginPage);
    }

    static async Task ExportCsvAsync(int id, StudyAdminService admin, HttpContext http, CancellationToken ct)
    {
        var study = await admin.GetAsync(id, ct);
        if (study is null) { http.Response.StatusCode = StatusCodes.Status404NotFound; return; }
        var rows = await admin.RowsAsync(id, ct);
        var results = await admin.ResultsAsync(id, ct);
        var failed = results.Raters.Where(r => r.FailedGold).Select(r => r.RaterId).ToHashSet();
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"study-{id}-ratings.csv\"";
        http.Response.Headers.CacheControl = "no-store";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false));
        await RatingsCsv.WriteAsync(writer, rows, failed);
    }
}
