using System.Net;
using System.Reflection;
using CrossModal.Studies.Data;
using CrossModal.Studies.Domain;
using CrossModal.Studies.Hosting;
using CrossModal.Studies.Rating;
using CrossModal.Studies.Tests.Support;
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

        var offSite = await client.PostAsync(AdminAuth.LoginEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
            { ["password"] = StudiesTestHost.Password, ["returnUrl"] = "//evil.example/x" }));
        Assert.Equal("/admin/studies", offSite.Headers.Location!.OriginalString);
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
        foreach (var type in new[] { typeof(RaterState), typeof(RaterSet) })
            foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                Assert.DoesNotContain(p.Name, forbidden);
        // The rater page's services: RatingService answers with those types, PNG bytes, or an outcome; nothing else.
        var returns = typeof(RatingService).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(m => m.ReturnType).ToList();
        Assert.All(returns, t => Assert.Contains(t, new[] { typeof(Task<RaterState?>), typeof(Task<SubmitOutcome>), typeof(Task<byte[]?>) }));
    }
}
