using System.Net;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrossModal.TestSupport;

/// <summary>
/// One real gRPC service (encoder, generator or evaluator: its <c>XxxApp.Create</c>) in this process on loopback Kestrel,
/// plaintext HTTP/2. The first start takes a free port; later starts reuse it, so an address handed out stays valid when
/// a test stops the service and brings it back. The content root should be a folder without the service's own
/// appsettings.json (fixed ports), e.g. a temporary one.
/// </summary>
public sealed class LoopbackService(string name, Func<string[], Action<WebApplicationBuilder>, string, WebApplication> create,
    IReadOnlyDictionary<string, string?> settings, string contentRoot, Action<WebApplicationBuilder>? configure = null) : IAsyncDisposable
{
    WebApplication? app;

    public string Name { get; } = name;
    public int Port { get; private set; }
    public string Address => $"http://127.0.0.1:{Port}";
    public bool IsRunning => app is not null;

    /// <summary>The running application (its services, for tests that look inside).</summary>
    public WebApplication App => app ?? throw new InvalidOperationException($"{Name} is not running");

    public async Task StartAsync()
    {
        if (app is not null) return;
        var started = create([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            configure?.Invoke(builder);
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, Port, l => l.Protocols = HttpProtocols.Http2));
        }, contentRoot);
        await started.StartAsync();
        var bound = started.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(bound).Port;
        app = started;
    }

    /// <summary>A channel to the service with the product's raised message limits (<see cref="Channel"/>).</summary>
    public GrpcChannel Connect() => Channel(Address);

    /// <summary>A channel to a listening address with the product's raised message limits (32 MiB each way).</summary>
    public static GrpcChannel Channel(string address) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxSendMessageSize = 32 << 20, MaxReceiveMessageSize = 32 << 20 });

    /// <summary>Stops the service as a crash or a redeploy would: its port stops answering.</summary>
    public async Task StopAsync()
    {
        if (app is null) return;
        var running = app;
        app = null;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5))) await running.StopAsync(timeout.Token);
        await running.DisposeAsync();
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
