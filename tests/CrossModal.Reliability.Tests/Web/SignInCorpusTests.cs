using System.Diagnostics;
using System.Net;
using System.Text;
using CrossModal.Reliability.Tests.Probes;
using CrossModal.Studies;
using CrossModal.Studies.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Xunit.Abstractions;

namespace CrossModal.Reliability.Tests.Web;

/// <summary>
/// Hostile posts to the studies' sign-in endpoint, through the studies' own wiring on an in-memory server over a real
/// SQLite file: wrong content types, no body, oversized and multiplied fields, control and unicode characters. Each is
/// refused (4xx, or the sign-in page again) without a server error and without an admin cookie; the right password
/// still signs in afterwards.
/// </summary>
public sealed class SignInCorpusTests(ITestOutputHelper output) : IAsyncLifetime
{
    const string Password = "correct horse battery staple";
    readonly string _folder = Directory.CreateTempSubdirectory("crossmodal-signin-").FullName;
    WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = _folder });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CrossModal:Database:SqlitePath"] = Path.Combine(_folder, "crossmodal.db"),
            ["CrossModal:Web:AdminPassword"] = Password,
            // The corpus is not a guessing attack: the rate limiter (tested in the studies tests) stays out of its way.
            ["CrossModal:Web:SignInsPerClientPerMinute"] = "10000",
            ["CrossModal:Web:SignInsPerMinute"] = "10000",
        });
        builder.Services.AddCrossModalStudies(builder.Configuration);
        _app = builder.Build();
        _app.UseCrossModalStudies();
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)));

    static IEnumerable<(string Name, Func<HttpContent?> Body)> Corpus()
    {
        yield return ("no body", () => null);
        yield return ("JSON with the right password", () => new StringContent($$"""{"password":"{{Password}}"}""", Encoding.UTF8, "application/json"));
        yield return ("text/plain", () => new StringContent("password=" + Password, Encoding.UTF8, "text/plain"));
        yield return ("no password field", () => Form(("returnUrl", "/admin/studies")));
        yield return ("empty password", () => Form(("password", "")));
        yield return ("1 MiB password", () => Form(("password", new string('x', 1 << 20))));
        yield return ("5,000 fields", () => Form([.. Enumerable.Range(0, 5000).Select(i => ($"f{i}", "1"))]));
        yield return ("a 100 kB field name", () => Form((new string('k', 100_000), "1"), ("password", "x")));
        yield return ("the right password twice", () => Form(("password", Password), ("password", Password)));
        yield return ("right then wrong", () => Form(("password", Password), ("password", "wrong")));
        yield return ("NUL bytes", () => Form(("password", Password + "\0")));
        yield return ("CR LF header injection", () => Form(("password", "x\r\nSet-Cookie: crossmodal.admin=forged")));
        yield return ("right-to-left override and emoji", () => Form(("password", "\u202Eetats yrettab esroh tcerroc \U0001F600")));
        yield return ("SQL", () => Form(("password", "' OR 1=1 --")));
        yield return ("bad percent escapes", () => new StringContent("password=%ZZ%&returnUrl=%", Encoding.ASCII, "application/x-www-form-urlencoded"));
        yield return ("100 kB return URL", () => Form(("password", "x"), ("returnUrl", "/" + new string('a', 100_000))));
        yield return ("multipart with a 1 MB file", () =>
        {
            var multipart = new MultipartFormDataContent { { new StringContent("x"), "password" } };
            multipart.Add(new ByteArrayContent(new byte[1 << 20]), "upload", "big.bin");
            return multipart;
        });
    }

    [Fact]
    public async Task EveryHostileSignInPostIsRefusedWithoutAServerErrorOrACookie()
    {
        var log = new RefusalLog(output);
        using var client = _app.GetTestServer().CreateClient();
        foreach (var (name, body) in Corpus())
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.PostAsync(AdminAuth.LoginEndpoint, body());
            var status = (int)response.StatusCode;
            var cookie = response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("crossmodal.admin="));
            var location = response.Headers.Location?.ToString() ?? "";
            log.Add("POST " + AdminAuth.LoginEndpoint, name, $"{status} {location}", clock.Elapsed);
            Assert.True(status < 500, $"{name}: {status}");
            Assert.False(cookie, $"{name}: an admin cookie was set");
            // Refused outright, or sent back to the sign-in page (with the error) as a wrong password is.
            Assert.True(status is >= 400 and < 500 || location.StartsWith(AdminAuth.LoginPage + "?error=1"), $"{name}: {status} {location}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"{name} took {clock.Elapsed}");
        }

        using var good = await client.PostAsync(AdminAuth.LoginEndpoint, Form(("password", Password), ("returnUrl", "/admin/studies")));
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.Contains(good.Headers.GetValues("Set-Cookie"), c => c.StartsWith("crossmodal.admin="));
        log.Report("sign-in", "the right password signs in after the corpus");
    }
}
