using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace CrossModal.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One real gRPC service (encoder, generator or evaluator) on loopback Kestrel, plaintext HTTP/2.
/// The first start takes a free port; later starts reuse it, so the web app's configured address stays
/// valid when a test stops the service and brings it back.
/// </summary>
public sealed class ServiceHost(string name, Func<string[], Action<WebApplicationBuilder>, string, WebApplication> create, IReadOnlyDictionary<string, string?> settings, string contentRoot)
    : IAsyncDisposable
{
    WebApplication? _app;

    public string Name { get; } = name;
    public int Port { get; private set; }
    public string Address => $"http://127.0.0.1:{Port}";
    public bool IsRunning => _app is not null;

    public async Task StartAsync()
    {
        if (_app is not null) return;
        var app = create([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, Port, l => l.Protocols = HttpProtocols.Http2));
        }, contentRoot);
        await app.StartAsync();
        var bound = app.Services.GetService(typeof(IServer)) is IServer server
            ? server.Features.Get<IServerAddressesFeature>()!.Addresses.First()
            : throw new InvalidOperationException($"{Name}: no server");
        Port = new Uri(bound).Port;
        _app = app;
    }

    /// <summary>Stops the service as a crash or a redeploy would: its port stops answering.</summary>
    public async Task StopAsync()
    {
        if (_app is null) return;
        var app = _app;
        _app = null;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5))) await app.StopAsync(timeout.Token);
        await app.DisposeAsync();
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
