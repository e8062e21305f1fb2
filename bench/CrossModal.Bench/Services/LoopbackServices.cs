using System.Net;
using CrossModal.EncoderService.Extensions;
using CrossModal.GeneratorService.Extensions;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrossModal.Bench.Services;

/// <summary>
/// The encoder and generator services on real Kestrel (plaintext HTTP/2, loopback, a free port each), in this
/// process, over a model store — the way tests/CrossModal.Services.Tests starts them — with gRPC channels to each.
/// </summary>
public sealed class LoopbackServices : IAsyncDisposable
{
    public WebApplication Encoder { get; private init; } = null!;
    public WebApplication Generator { get; private init; } = null!;
    public GrpcChannel EncoderChannel { get; private init; } = null!;
    public GrpcChannel GeneratorChannel { get; private init; } = null!;
    public string GeneratorAddress => Address(Generator);

    public static async Task<LoopbackServices> Start(string models, int threads, IDictionary<string, string?>? generatorSettings = null)
    {
        void Configure(WebApplicationBuilder b)
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CrossModal:Models"] = models, ["CrossModal:Device"] = "cpu", ["CrossModal:Threads"] = threads.ToString(),
                ["Logging:LogLevel:Default"] = "Warning",
            });
            b.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        }
        // An empty content root: the services' own appsettings.json (fixed ports) must not apply here.
        var contentRoot = Directory.CreateTempSubdirectory("cm-bench-services-").FullName;
        var encoder = EncoderApp.Create([], Configure, contentRoot);
        var generator = GeneratorApp.Create([], b =>
        {
            Configure(b);
            if (generatorSettings is not null) b.Configuration.AddInMemoryCollection(generatorSettings);
        }, contentRoot);
        await encoder.StartAsync();
        await generator.StartAsync();
        return new LoopbackServices
        {
            Encoder = encoder, Generator = generator,
            EncoderChannel = Connect(Address(encoder)), GeneratorChannel = Connect(Address(generator)),
        };
    }

    /// <summary>A channel to a listening address with the product's raised message limits.</summary>
    public static GrpcChannel Connect(string address) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxSendMessageSize = 32 << 20, MaxReceiveMessageSize = 32 << 20 });

    static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public async ValueTask DisposeAsync()
    {
        EncoderChannel.Dispose();
        GeneratorChannel.Dispose();
        foreach (var app in new[] { Encoder, Generator })
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
