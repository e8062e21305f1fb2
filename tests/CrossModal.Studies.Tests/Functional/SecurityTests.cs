using System.Net;
using System.Reflection;
using CrossModal.Studies.Data;
using CrossModal.Studies.Domain;
using CrossModal.Studies.Hosting;
using CrossModal.Studies.Rating;
using CrossModal.Studies.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace CrossModal.Studies.Tests.Functional;

/// <summary>
/// Over HTTP, through the host wiring: admin pages and endpoints refuse anonymous users and rater tokens; a rater
/// token reaches its own study's images and page only, and nothing there says which method made an image.
/// </summary>
public sealed class SecurityTests(ITestOutputHelper output) : IAsyncLifetime
{
    readonly StudyFixture _f = new();
    StudiesTestHost _host = null!;
    int _studyA, _studyB;
    string _tokenA = "", _tokenB = "";

    public async Task InitializeAsync()
    {
        _host = await StudiesTestHost.StartAsync(_f);
        _studyA = await _f.CreateOpenStudyAsync(name: "study A");
        _studyB = await _f.CreateOpenStudyAsync(name: "study B");
        _tokenA = (await _f.RaterTokensAsync(_studyA, 1))[0];
        _tokenB = (await _f.RaterTokensAsync(_studyB, 1))[0];
        var set = (await _f.Ratings.GetStateAsync(_tokenB))!.Next!;
        await _f.Ratings.SubmitSetAsync(_tokenB, set.SetId, set.Images.ToDictionary(i => i, _ => 2));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _f.Dispose();
    }

    static HttpRequestMessage Get(string url, bool html = true, string? cookie = null)
    {
        var r = new HttpRequestMessage(HttpMethod.Get, url);
        if (html) r.Headers.Accept.ParseAdd("text/html");
        if (cookie is not null) r.Headers.Add("Cookie", cookie);
        return r;
    }

    async Task<string> LoginAsync(string password = StudiesTestHost.Password, string returnUrl = "/admin/studies")
    {
        using var client = _host.Client();
        var response = await client.PostAsync(AdminAuth.LoginEndpoint,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["password"] = password, ["returnUrl"] = returnUrl }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.FirstOrDefault(v => v.StartsWith("crossmodal.admin=")) : null;
        return cookie?.Split(';')[0] ?? "";
    }

    [Fact]
    public async Task Admin_pages_and_the_csv_export_refuse_anonymous_requests_and_rater_tokens()
    {
        using var client = _host.Client();
        int refused = 0;
        foreach (var page in new[] { "/admin/studies", "/studies", $"/admin/studies/{_studyA}", "/admin/studies/new", $"/admin/studies?token={_tokenA}" })
        {
            var r = await client.SendAsync(Get(page));
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            Assert.StartsWith("/admin/login", r.Headers.Location!.PathAndQuery.StartsWith('/') ? r.Headers.Location.PathAndQuery : r.Headers.Location.AbsolutePath);
            refused++;
        }
        foreach (var csv in new[] { $"/admin/studies/{_studyA}/ratings.csv", $"/admin/studies/{_studyB}/ratings.csv?token={_tokenB}" })
        {
            var r = await client.SendAsync(Get(csv, html: false, cookie: $"crossmodal.admin={_tokenB}"));
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            Assert.DoesNotContain("rater_id", await r.Content.ReadAsStringAsync());
            refused++;
        }
        output.WriteLine($"RELIABILITY auth: anonymous_or_token_admin_requests_refused={refused}");
    }

    [Fact]
    public async Task Sign_in_needs_the_configured_password_and_then_opens_pages_and_the_export()
    {
        Assert.Equal("", await LoginAsync("wrong password"));
        var cookie = await LoginAsync();
        Assert.NotEqual("", cookie);

        using var client = _host.Client();
        var csv = await client.SendAsync(Get($"/admin/studies/{_studyB}/ratings.csv", html: false, cookie: cookie));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Results.RatingsCsv.Header, lines[0]);
        Assert.Equal(4, lines.Length - 1);
        Assert.DoesNotContain(_tokenB, string.Join('\n', lines));

        var page = await client.SendAsync(Get("/admin/studies", cookie: cookie));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("study B", await page.Content.ReadAsStringAsync());

        var missing = await client.SendAsync(Get("/admin/studies/999/ratings.csv", html: false, cookie: cookie));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Sign_in_refuses_cross_site_posts_and_never_redirects_off_site()
    {
        using var client = _host.Client();
        var request = new HttpRequestMessage(HttpMethod.Post, AdminAuth.LoginEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["password"] = StudiesTestHost.Password }),
        };
        request.Headers.Add("Origin", "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(request)).StatusCode);

        // Browsers drop tabs and new lines from URLs: "/\t/evil.example" would be followed as "//evil.example".
        foreach (var returnUrl in new[] { "//evil.example/x", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "https://evil.example/" })
        {
            var offSite = await client.PostAsync(AdminAuth.LoginEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
                { ["password"] = StudiesTestHost.Password, ["returnUrl"] = returnUrl }));
            Assert.Equal("/admin/studies", offSite.Headers.Location!.OriginalString);
        }
        Assert.Equal("/admin/studies/new", AdminAuth.SafeReturnUrl("/admin/studies/new"));
    }

    async Task<HttpResponseMessage> SignOutAsync(string cookie, string? origin = null)
    {
        using var client = _host.Client();
        var request = new HttpRequestMessage(HttpMethod.Post, AdminAuth.LogoutEndpoint) { Content = new FormUrlEncodedContent([]) };
        request.Headers.Add("Cookie", cookie);
        if (origin is not null) request.Headers.Add("Origin", origin);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_on_the_server_so_a_copy_of_the_cookie_stops_working()
    {
        var cookie = await LoginAsync();
        var other = await LoginAsync(); // a second sign-in (another browser) is its own session
        using var client = _host.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Get("/admin/studies", cookie: cookie))).StatusCode);

        // A cross-site form cannot sign the admin out.
        Assert.Equal(HttpStatusCode.Forbidden, (await SignOutAsync(cookie, origin: "https://evil.example")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Get("/admin/studies", cookie: cookie))).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await SignOutAsync(cookie, origin: "http://localhost")).StatusCode);
        // The old cookie (still held by another tab, or copied) is refused now, by pages and the export alike.
        var page = await client.SendAsync(Get("/admin/studies", cookie: cookie));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Get($"/admin/studies/{_studyA}/ratings.csv", html: false, cookie: cookie))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Get("/admin/studies", cookie: other))).StatusCode);
    }

    [Fact]
    public async Task Sign_in_is_rate_limited_per_client_and_in_all_and_failures_are_logged()
    {
        using var fixture = new StudyFixture();
        await using var host = await StudiesTestHost.StartAsync(fixture, new()
        {
            ["CrossModal:Web:SignInsPerClientPerMinute"] = "3",
            ["CrossModal:Web:SignInsPerMinute"] = "5",
        });
        var server = host.App.GetTestServer();
        async Task<HttpStatusCode> PostAsync(string client, string password)
        {
            var context = await server.SendAsync(c =>
            {
                c.Request.Method = "POST";
                c.Request.Path = AdminAuth.LoginEndpoint;
                c.Request.ContentType = "application/x-www-form-urlencoded";
                c.Request.Body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes("password=" + Uri.EscapeDataString(password)));
                c.Connection.RemoteIpAddress = IPAddress.Parse(client);
            });
            return (HttpStatusCode)context.Response.StatusCode;
        }

        // One client: 3 posts a minute, then even the right password is refused (429) until the window ends.
        Assert.Equal(HttpStatusCode.Redirect, await PostAsync("10.0.0.1", "wrong guess"));
        Assert.Equal(HttpStatusCode.Redirect, await PostAsync("10.0.0.1", "another wrong guess"));
        Assert.Equal(HttpStatusCode.Redirect, await PostAsync("10.0.0.1", "a third wrong guess"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await PostAsync("10.0.0.1", StudiesTestHost.Password));
        // Other clients are not held up by it, until all clients together reach 5 a minute.
        Assert.Equal(HttpStatusCode.Redirect, await PostAsync("10.0.0.2", StudiesTestHost.Password));
        Assert.Equal(HttpStatusCode.Redirect, await PostAsync("10.0.0.3", StudiesTestHost.Password));
        Assert.Equal(HttpStatusCode.TooManyRequests, await PostAsync("10.0.0.4", StudiesTestHost.Password));

        Assert.Equal(3, host.Logs.Count(l => l.Contains("failed admin sign-in from 10.0.0.1")));
        Assert.Equal(2, host.Logs.Count(l => l.Contains("too many attempts")));
        output.WriteLine("RELIABILITY sign-in: per_client_limit=3/min global_limit=5/min refused_with_429=2 failed_attempts_logged=3");
    }

    [Fact]
    public async Task A_rater_token_reads_its_own_studys_images_only_and_nothing_names_a_method()
    {
        using var client = _host.Client();
        await using var ctx = _f.Db.Create();
        var own = await ctx.Images.Where(i => i.StudyId == _studyA).ToListAsync();
        var foreign = await ctx.Images.FirstAsync(i => i.StudyId == _studyB);

        var ok = await client.SendAsync(Get($"/rate/{_tokenA}/images/{own[0].PublicId:N}", html: false));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("image/png", ok.Content.Headers.ContentType!.MediaType);
        Assert.Equal(own[0].Png, await ok.Content.ReadAsByteArrayAsync());
        var headers = string.Join('\n', ok.Headers.Concat(ok.Content.Headers).Select(h => h.Key + ":" + string.Join(',', h.Value)));
        foreach (var method in StudyMethods.All.Append(StudyMethods.Broken))
            Assert.DoesNotContain(method, headers, StringComparison.Ordinal);

        int refused = 0;
        foreach (var url in new[]
        {
            $"/rate/{_tokenA}/images/{foreign.PublicId:N}",           // another study's image
            $"/rate/AAAAAAAAAAAAAAAAAAAAAA/images/{own[0].PublicId:N}", // unknown token
            $"/rate/{_tokenA}/images/{own[0].Id}",                     // internal id: not a route
            $"/rate/{_tokenA}/images/not-a-guid",
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(Get(url, html: false))).StatusCode);
            refused++;
        }

        var html = await (await client.SendAsync(Get($"/rate/{_tokenA}"))).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"rate-instructions\"", html);
        foreach (var method in StudyMethods.All.Append(StudyMethods.Broken))
            Assert.DoesNotContain(method, html);
        Assert.DoesNotContain(_tokenB, html);
        Assert.DoesNotContain("study B", html);
        Assert.DoesNotContain("results", html, StringComparison.OrdinalIgnoreCase);
        output.WriteLine($"RELIABILITY token: foreign_or_malformed_image_requests_refused={refused}");
    }

    [Fact]
    public void What_a_rater_page_can_know_has_no_method_gold_role_or_other_rater()
    {
        var forbidden = new[] { "Method", "GoldRole", "Kind", "Rater", "Score", "Png", "SampleName" };
        foreach (var type in new[] { typeof(RaterState), typeof(RaterSet), typeof(PracticeVerdict) })
            foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                Assert.DoesNotContain(p.Name, forbidden);
        // The rater page's services: RatingService answers with those types, PNG bytes, an outcome, or a practice set's
        // feedback (practice images are never in results, so saying what they are gives nothing away); nothing else.
        var returns = typeof(RatingService).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(m => m.ReturnType).ToList();
        Assert.All(returns, t => Assert.Contains(t, new[] { typeof(Task<RaterState?>), typeof(Task<SubmitOutcome>), typeof(Task<byte[]?>), typeof(Task<IReadOnlyList<PracticeVerdict>?>) }));
    }
}
