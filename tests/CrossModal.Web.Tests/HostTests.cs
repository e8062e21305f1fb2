using System.IO.Compression;
using System.Net;
using CrossModal.Protos.V1;
using CrossModal.Web.Services;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CrossModal.Web.Tests;

/// <summary>The real host in memory (no services running): pages, health, static assets, media.</summary>
public sealed class HostTests(HostTests.Host host) : IClassFixture<HostTests.Host>
{
    public sealed class Host : WebApplicationFactory<Program>
    {
        // A studies database of its own per run: one left in the output folder by an earlier build carries that build's
        // migrations, which a rewritten migration cannot follow.
        readonly string _folder = Directory.CreateTempSubdirectory("crossmodal-web-host-").FullName;

        protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseEnvironment("Production")
            .UseSetting("CrossModal:Database:SqlitePath", Path.Combine(_folder, "crossmodal.db"));

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task Live_sockets_open_only_for_this_sites_pages()
    {
        var live = new Uri(host.Server.BaseAddress, "live/sound");
        // Another site's page, through a visitor's browser: refused before the socket opens.
        var foreign = host.Server.CreateWebSocketClient();
        foreign.ConfigureRequest = r => r.Headers.Origin = "https://evil.example";
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => foreign.ConnectAsync(live, CancellationToken.None));
        Assert.Contains("403", refused.Message);
        // A plain request is told what the address is for.
        using var client = host.CreateClient();
        var plain = await client.GetAsync("/live/sound");
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        Assert.Contains("WebSocket", await plain.Content.ReadAsStringAsync());
        // This site's own page: the socket opens.
        var own = host.Server.CreateWebSocketClient();
        own.ConfigureRequest = r => r.Headers.Origin = host.Server.BaseAddress.GetLeftPart(UriPartial.Authority);
        using var socket = await own.ConnectAsync(live, CancellationToken.None);
        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, socket.State);
        socket.Abort();
    }

    [Theory]
    [InlineData("/", "CrossModal")]
    [InlineData("/sound-to-image", "Sound → Image")]
    [InlineData("/image-to-sound", "Image → Sound")]
    [InlineData("/models", "Models")]
    public async Task Pages_answer_200_with_their_title_and_the_ready_marker(string path, string title)
    {
        using var client = host.CreateClient();
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(WebUtility.HtmlEncode(title).Replace("→", "→"), WebUtility.HtmlDecode(html));
        Assert.Contains("id=\"app-ready\"", html);
        Assert.Contains("data-ready=\"false\"", html); // prerendered: true only once interactive
        Assert.Contains("href=\"/studies\"", html);
    }

    [Fact]
    public async Task The_training_page_is_refused_on_the_server_to_anyone_not_signed_in_as_admin()
    {
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = new HttpRequestMessage(HttpMethod.Get, "/training");
        page.Headers.Accept.ParseAdd("text/html");
        var response = await client.SendAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/admin/login", response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.PathAndQuery : response.Headers.Location.OriginalString);
        Assert.DoesNotContain("training-start", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_address_is_404_with_the_not_found_page()
    {
        using var client = host.CreateClient();
        var response = await client.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("data-testid=\"not-found\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_answers_Healthy_even_with_the_services_down()
    {
        using var client = host.CreateClient();
        var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/_framework/blazor.web.js", "javascript")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css", "text/css")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.js", "javascript")]
    [InlineData("/app.css", "text/css")]
    [InlineData("/examples/cello.wav", "audio/wav")]
    [InlineData("/examples/double_bass.jpg", "image/jpeg")]
    public async Task Static_assets_are_served_in_Production(string path, string contentType)
    {
        using var client = host.CreateClient();
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(contentType, response.Content.Headers.ContentType?.ToString());
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100);
    }

    [Fact]
    public async Task Every_instrument_has_a_bundled_WAV_and_picture_and_all_stay_small()
    {
        using var client = host.CreateClient();
        long total = 0;
        foreach (var instrument in ExampleCatalog.Instruments)
        {
            var wav = await client.GetByteArrayAsync(ExampleCatalog.WavUrl(instrument));
            var jpg = await client.GetByteArrayAsync(ExampleCatalog.ImageUrl(instrument));
            UploadRules.CheckWav(instrument, wav);
            UploadRules.CheckImage(instrument, jpg);
            total += wav.Length + jpg.Length;
        }
        Assert.InRange(total, 1, 1_500_000);
    }

    [Fact]
    public async Task Media_is_served_inline_and_as_a_download_and_unknown_ids_are_404()
    {
        var store = host.Services.GetRequiredService<MediaStore>();
        var id = store.Put([1, 2, 3, 4], "image/png", "s2i-c-seed1-01.png");
        using var client = host.CreateClient();

        var inline = await client.GetAsync(MediaStore.InlineUrl(id));
        Assert.Equal(HttpStatusCode.OK, inline.StatusCode);
        Assert.Equal("image/png", inline.Content.Headers.ContentType?.MediaType);
        Assert.Null(inline.Content.Headers.ContentDisposition);
        Assert.Equal("nosniff", Assert.Single(inline.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal([1, 2, 3, 4], await inline.Content.ReadAsByteArrayAsync());

        var download = await client.GetAsync(MediaStore.DownloadUrl(id));
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("s2i-c-seed1-01.png", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/media/0123456789abcdef0123456789abcdef")).StatusCode);
    }

    [Fact]
    public async Task The_gallery_zip_holds_every_image_under_its_name()
    {
        var flow = host.Services.GetRequiredService<SoundToImageFlow>();
        var media = host.Services.GetRequiredService<MediaStore>();
        var images = Enumerable.Range(0, 3).Select(i =>
        {
            var png = TestData.Png((byte)(i * 50));
            var name = $"s2i-a-seed9-{i + 1:00}.png";
            return new GeneratedImage(i, png, name, media.Put(png, "image/png", name));
        }).ToList();
        var id = flow.Zip(new SoundToImageResult("s2i-a", 9, images));

        using var client = host.CreateClient();
        var response = await client.GetAsync(MediaStore.DownloadUrl(id));
        Assert.Equal("s2i-a-seed9.zip", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        Assert.Equal(images.Select(i => i.FileName), zip.Entries.Select(e => e.FullName));
        using var first = new MemoryStream();
        await zip.Entries[0].Open().CopyToAsync(first);
        Assert.Equal(images[0].Png, first.ToArray());
    }
}
