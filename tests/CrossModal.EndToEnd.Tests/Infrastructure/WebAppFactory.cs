using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CrossModal.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real web app (its own Program) on Kestrel at a free loopback port, so a real browser can reach it, with the
/// test's settings: the services' addresses, the workspace's database, data and admin password.
/// <para>The type argument only names the web app's assembly (whose entry point the factory runs): every service also
/// has a top-level <c>Program</c>, so the web app's root component names it instead.</para>
/// </summary>
public sealed class WebAppFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<CrossModal.Web.Components.App>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting rather than ConfigureAppConfiguration: Program reads some settings while building, before the
        // factory's configuration callbacks would apply.
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.UseEnvironment("Production");
    }

    /// <summary>Starts Kestrel and answers its address (http://127.0.0.1:port).</summary>
    public string Start()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return addresses.First().Replace("[::1]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/');
    }
}
