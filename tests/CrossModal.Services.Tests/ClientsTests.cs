using CrossModal.Cli;
using CrossModal.Clients;
using CrossModal.Protos.V1;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrossModal.Services.Tests;

/// <summary>The typed clients (clients/CrossModal.Clients) and the CLI's remote mode against the running services.</summary>
[Collection(ServicesCollection.Name)]
public class ClientsTests(ServicesFixture f)
{
    ServiceProvider Clients(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            [ServiceAddresses.Key(ServiceAddresses.Encoder)] = "http://" + f.EncoderChannel.Target,
            [ServiceAddresses.Key(ServiceAddresses.Generator)] = "http://" + f.GeneratorChannel.Target,
            [ServiceAddresses.Key(ServiceAddresses.Evaluator)] = "http://" + f.EvaluatorChannel.Target,
        };
        foreach (var (k, v) in extra ?? []) settings[k] = v;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddCrossModalClients(configuration).BuildServiceProvider();
    }

    [Fact]
    public async Task TypedClientsReachEachServiceAndItsHealth()
    {
        using var sp = Clients();
        var models = await sp.GetRequiredService<Protos.V1.GeneratorService.GeneratorServiceClient>().ListModelsAsync(new ListModelsRequest());
        Assert.Contains(models.Models, m => m.Id == "s2i-c");
        var encoded = await sp.GetRequiredService<Protos.V1.EncoderService.EncoderServiceClient>().EncodeImageAsync(new EncodeImageRequest { Image = Samples.Png(1) });
        Assert.Equal(128, encoded.Embedding.Count);
        var judged = await sp.GetRequiredService<Protos.V1.EvaluatorService.EvaluatorServiceClient>()
            .ClassifyImagesAsync(new ClassifyImagesRequest { Images = { Samples.Png(2) } });
        Assert.Single(judged.Predictions);
        var factory = sp.GetRequiredService<GrpcClientFactory>();
        foreach (var service in ServiceAddresses.Fallbacks.Keys)
        {
            var health = factory.CreateClient<Health.HealthClient>(CrossModalClientsExtensions.HealthClientName(service));
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
        }
    }

    [Fact]
    public async Task UploadsAboveGrpcsDefault4MbLimitGoThrough()
    {
        // 6 MB of 16-bit PCM (about 68 s); the encoder uses the first 0.5 s.
        var samples = new float[3_000_000];
        for (var i = 0; i < samples.Length; i++) samples[i] = 0.3f * MathF.Sin(2 * MathF.PI * 440 * i / 44100f);
        using var wav = new MemoryStream();
        Core.Audio.WavCodec.Write16(wav, samples, 44100);
        using var sp = Clients();
        var r = await sp.GetRequiredService<Protos.V1.EncoderService.EncoderServiceClient>().EncodeAudioAsync(new EncodeAudioRequest { Wav = ByteString.CopyFrom(wav.ToArray()) });
        Assert.Equal(128, r.Embedding.Count);
    }

    [Fact]
    public async Task UnaryCallsGetTheDefaultDeadlineAndUnavailableIsReportedAfterRetries()
    {
        // Nothing listens on port 1: every attempt is UNAVAILABLE; retried (3 attempts) and then reported.
        using var sp = Clients(new()
        {
            [ServiceAddresses.Key(ServiceAddresses.Generator)] = "http://127.0.0.1:1",
            [$"{CrossModalClientOptions.Section}:MaxAttempts"] = "3",
            [$"{CrossModalClientOptions.Section}:InitialBackoffSeconds"] = "0.05",
            [$"{CrossModalClientOptions.Section}:MaxBackoffSeconds"] = "0.1",
        });
        var e = await Assert.ThrowsAsync<RpcException>(() => sp.GetRequiredService<Protos.V1.GeneratorService.GeneratorServiceClient>().ListModelsAsync(new ListModelsRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);

        // A deadline shorter than the call: the interceptor's default applies only when the caller set none.
        using var quick = Clients(new() { [$"{CrossModalClientOptions.Section}:UnaryDeadlineSeconds"] = "0.001" });
        var late = await Assert.ThrowsAsync<RpcException>(() => quick.GetRequiredService<Protos.V1.GeneratorService.GeneratorServiceClient>()
            .SoundToImageAsync(new SoundToImageRequest { Wav = Samples.Wav(), Count = 4 }).ResponseAsync);
        Assert.Equal(StatusCode.DeadlineExceeded, late.StatusCode);
        var own = await quick.GetRequiredService<Protos.V1.GeneratorService.GeneratorServiceClient>()
            .ListModelsAsync(new ListModelsRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.NotEmpty(own.Models);
    }

    [Fact]
    public void AddressesComeFromAspireKeysElseTheDevelopmentPorts()
    {
        var empty = new ConfigurationBuilder().Build();
        Assert.Equal(new Uri("http://localhost:5102"), ServiceAddresses.Of(empty, ServiceAddresses.Generator));
        var set = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["services:encoder:grpc:0"] = "http://10.0.0.5:7000" }).Build();
        Assert.Equal(new Uri("http://10.0.0.5:7000"), ServiceAddresses.Of(set, ServiceAddresses.Encoder));
        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["services:encoder:grpc:0"] = "ftp://x" }).Build();
        Assert.Contains("services:encoder:grpc:0", Assert.Throws<FormatException>(() => ServiceAddresses.Of(bad, ServiceAddresses.Encoder)).Message);
    }

    [Fact]
    public async Task CliRemoteModeGeneratesThroughTheService()
    {
        var dir = Path.Combine(f.Root, $"remote-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var wav = Path.Combine(dir, "in.wav");
        File.WriteAllBytes(wav, Samples.Wav().ToByteArray());
        var png = Path.Combine(dir, "in.png");
        File.WriteAllBytes(png, Samples.Png(3).ToByteArray());

        var (code, output, error) = await Cli("remote", "generate-s2i", "--server", "http://" + f.GeneratorChannel.Target, "--audio", wav, "--count", "3", "--seed", "4", "--out", Path.Combine(dir, "s2i"));
        Assert.True(code == 0, error);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(dir, "s2i"), "s2i-c-seed4-*.png").Length);
        Assert.Contains("wrote", output);

        (code, _, error) = await Cli("remote", "generate-i2s", "--server", "http://" + f.GeneratorChannel.Target, "--image", png, "--out", Path.Combine(dir, "i2s"));
        Assert.True(code == 0, error);
        Assert.Equal(22050, Core.Audio.WavCodec.ReadFile(Path.Combine(dir, "i2s", "i2s.wav")).Samples.Length);
        Assert.True(File.Exists(Path.Combine(dir, "i2s", "i2s.png")) && File.Exists(Path.Combine(dir, "i2s", "i2s-generated.npy")));

        (code, output, error) = await Cli("remote", "models", "--server", "http://" + f.GeneratorChannel.Target);
        Assert.True(code == 0, error);
        Assert.Contains("s2i-c", output);

        // The server's refusal becomes the CLI's one-line error, exit code 2, and nothing is written.
        var silent = Path.Combine(dir, "silent.wav");
        using (var s = File.Create(silent)) Core.Audio.WavCodec.Write16(s, new float[22050], 44100);
        (code, _, error) = await Cli("remote", "generate-s2i", "--server", "http://" + f.GeneratorChannel.Target, "--audio", silent, "--out", Path.Combine(dir, "none"));
        Assert.Equal(2, code);
        Assert.StartsWith("error: the server refused the request:", error.Trim());
        Assert.False(Directory.Exists(Path.Combine(dir, "none")));
        (code, _, error) = await Cli("remote", "models", "--server", "not a url");
        Assert.Equal((2, true), (code, error.Contains("--server")));
    }

    static readonly SemaphoreSlim ConsoleGate = new(1, 1);

    static async Task<(int Code, string Out, string Err)> Cli(params string[] args)
    {
        await ConsoleGate.WaitAsync();
        var (stdout, stderr) = (Console.Out, Console.Error);
        try
        {
            using StringWriter o = new(), e = new();
            Console.SetOut(o);
            Console.SetError(e);
            var code = await CliApp.BuildRoot().Parse(args).InvokeAsync();
            return (code, o.ToString(), e.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            ConsoleGate.Release();
        }
    }
}
