using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using CrossModal.Protos.V1;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CrossModal.AppHost.Tests;

/// <summary>
/// The AppHost as the README's run command starts it (Aspire.Hosting.Testing, ports randomised so a running system
/// does not collide): every service becomes healthy (its gRPC health check answers SERVING) and answers one real call.
/// </summary>
public sealed class AppHostTests(ITestOutputHelper output)
{
    /// <summary>
    /// Alone the system starts in about 30 s; in the whole suite it starts beside every other test assembly on 2 cores, and
    /// on 2026-12-08 the web app was not answering /healthz after 4 minutes there (it passed alone at once, 28 s).
    /// </summary>
    static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task StartsEveryServiceHealthyAndEachAnswersACall()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var webData = Directory.CreateTempSubdirectory("cm-apphost-").FullName;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.CrossModal_AppHost>(
            ["DcpPublisher:RandomizePorts=true", $"CrossModal:WebData={webData}"], (options, _) => options.DisableDashboard = true, timeout.Token);
        await using var app = await builder.BuildAsync(timeout.Token);
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        foreach (var service in new[] { "encoder", "generator", "evaluator", "web" })
            _ = Task.Run(async () =>
            {
                // The services' own output, so a failure to start says why.
                await foreach (var batch in logs.WatchAsync(service).WithCancellation(timeout.Token))
                    foreach (var line in batch) output.WriteLine($"[{service}] {line.Content}");
            });
        await app.StartAsync(timeout.Token);

        foreach (var service in new[] { "encoder", "generator", "evaluator" })
        {
            try { await app.ResourceNotifications.WaitForResourceHealthyAsync(service, timeout.Token); }
            catch (OperationCanceledException)
            {
                // Say why: the health checks' own descriptions (the gRPC health check names the address and the error).
                if (app.ResourceNotifications.TryGetCurrentState(service, out var state))
                    foreach (var report in state.Snapshot.HealthReports)
                        output.WriteLine($"{service} {report.Name}: {report.Status} {report.Description} {report.ExceptionText}");
                throw;
            }
            using var channel = GrpcChannel.ForAddress(app.GetEndpoint(service, "grpc"));
            var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: timeout.Token);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
            output.WriteLine($"{service} at {app.GetEndpoint(service, "grpc")}: {health.Status}");
        }

        using (var generator = GrpcChannel.ForAddress(app.GetEndpoint("generator", "grpc")))
        {
            var models = await new GeneratorService.GeneratorServiceClient(generator).ListModelsAsync(new ListModelsRequest(), cancellationToken: timeout.Token);
            Assert.Contains(models.Models, m => m.Id == "s2i-c");
        }
        using (var encoder = GrpcChannel.ForAddress(app.GetEndpoint("encoder", "grpc")))
        {
            var encoded = await new EncoderService.EncoderServiceClient(encoder).EncodeAudioAsync(
                new EncodeAudioRequest { Wav = Google.Protobuf.ByteString.CopyFrom(Tone()) }, cancellationToken: timeout.Token);
            Assert.Equal(128, encoded.Embedding.Count);
        }
        using (var evaluator = GrpcChannel.ForAddress(app.GetEndpoint("evaluator", "grpc")))
        {
            var lms = new Spectrogram { Bins = 128, Frames = 44 };
            lms.Values.AddRange(Enumerable.Range(0, 128 * 44).Select(i => -80f + (i % 44)));
            var scored = await new EvaluatorService.EvaluatorServiceClient(evaluator).ClassifySpectrogramsAsync(
                new ClassifySpectrogramsRequest { Spectrograms = { lms } }, cancellationToken: timeout.Token);
            Assert.Single(scored.Predictions);
        }

        // The web app: healthy once the services are, its home page answers and names the product.
        await app.ResourceNotifications.WaitForResourceHealthyAsync("web", timeout.Token);
        using var http = app.CreateHttpClient("web", "http");
        Assert.Equal("Healthy", await http.GetStringAsync("/healthz", timeout.Token));
        Assert.Contains("CrossModal", await http.GetStringAsync("/", timeout.Token));
        Directory.Delete(webData, recursive: true);
    }

    /// <summary>0.5 s of a 440 Hz tone as a 16-bit mono WAV at 44.1 kHz.</summary>
    static byte[] Tone()
    {
        const int rate = 44_100, n = rate / 2;
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        w.Write("RIFF"u8); w.Write(36 + n * 2); w.Write("WAVE"u8);
        w.Write("fmt "u8); w.Write(16); w.Write((short)1); w.Write((short)1); w.Write(rate); w.Write(rate * 2); w.Write((short)2); w.Write((short)16);
        w.Write("data"u8); w.Write(n * 2);
        for (var i = 0; i < n; i++) w.Write((short)(0.3 * short.MaxValue * Math.Sin(2 * Math.PI * 440 * i / rate)));
        w.Flush();
        return ms.ToArray();
    }
}
