using CrossModal.EncoderService.Extensions;
using CrossModal.GeneratorService.Extensions;
using CrossModal.TestSupport;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace CrossModal.Bench.Services;

/// <summary>
/// The encoder and generator services on real Kestrel (plaintext HTTP/2, loopback, a free port each), in this
/// process, over a model store, started as the tests start them (<see cref="LoopbackService"/>), with gRPC channels to each.
/// </summary>
public sealed class LoopbackServices : IAsyncDisposable
{
    LoopbackService encoder = null!, generator = null!;

    public WebApplication Encoder => encoder.App;
    public WebApplication Generator => generator.App;
    public GrpcChannel EncoderChannel { get; private init; } = null!;
    public GrpcChannel GeneratorChannel { get; private init; } = null!;
    public string GeneratorAddress => generator.Address;

    public static async Task<LoopbackServices> Start(string models, int threads, IDictionary<string, string?>? generatorSettings = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["CrossModal:Models"] = models, ["CrossModal:Device"] = "cpu", ["CrossModal:Threads"] = threads.ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var forGenerator = new Dictionary<string, string?>(settings);
        foreach (var (key, value) in generatorSettings ?? new Dictionary<string, string?>()) forGenerator[key] = value;
        // An empty content root: the services' own appsettings.json (fixed ports) must not apply here.
        var contentRoot = Directory.CreateTempSubdirectory("cm-bench-services-").FullName;
        var encoder = new LoopbackService("encoder", EncoderApp.Create, settings, contentRoot);
        var generator = new LoopbackService("generator", GeneratorApp.Create, forGenerator, contentRoot);
        await encoder.StartAsync();
        await generator.StartAsync();
        return new LoopbackServices
        {
            encoder = encoder, generator = generator,
            EncoderChannel = encoder.Connect(), GeneratorChannel = generator.Connect(),
        };
    }

    /// <summary>A channel to a listening address with the product's raised message limits.</summary>
    public static GrpcChannel Connect(string address) => LoopbackService.Channel(address);

    public async ValueTask DisposeAsync()
    {
        EncoderChannel.Dispose();
        GeneratorChannel.Dispose();
        await encoder.DisposeAsync();
        await generator.DisposeAsync();
    }
}
