using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using CrossModal.EndToEnd.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CrossModal.EndToEnd.Tests;

/// <summary>
/// One user action is one trace across the processes: the AppHost starts the web app and the three services as their
/// own processes (as scripts/run.sh does), each exporting OTLP to a collector in this test instead of the Aspire
/// dashboard; an upload and Generate on the Sound → Image page (images from the generator, labels from the evaluator)
/// must give spans of the web app, the generator and the evaluator under one trace id.
/// </summary>
public sealed class TraceTests(EndToEndFixture fixture, ITestOutputHelper output) : BrowserTest(fixture)
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);
    static readonly string[] Processes = ["web", "generator", "evaluator"];

    [Fact]
    public async Task AGenerationFromTheBrowserIsOneTraceAcrossWebGeneratorAndEvaluator()
    {
        await using var collector = new OtlpCollector();
        await collector.StartAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        var webData = Directory.CreateTempSubdirectory("cm-trace-").FullName;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.CrossModal_AppHost>(
            ["DcpPublisher:RandomizePorts=true", $"CrossModal:WebData={webData}"], (options, _) => options.DisableDashboard = true, timeout.Token);
        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
            builder.CreateResourceBuilder(project)
                .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", collector.Endpoint)
                .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", "200");
        await using var app = await builder.BuildAsync(timeout.Token);
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        foreach (var process in Processes)
            _ = Task.Run(async () =>
            {
                // Only warnings and errors (JSON lines carry their level), so a failure to start says why.
                await foreach (var batch in logs.WatchAsync(process).WithCancellation(timeout.Token))
                    foreach (var line in batch.Where(l => l.IsErrorMessage || l.Content.Contains("\"LogLevel\":\"Error\"") || l.Content.Contains("\"LogLevel\":\"Warning\"")))
                        output.WriteLine($"[{process}] {line.Content}");
            });
        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("web", timeout.Token);
        var web = app.GetEndpoint("web", "http").ToString().TrimEnd('/');

        await WithPageAsync(async page =>
        {
            await GotoReadyAsync(page, "/sound-to-image");
            await UploadAsync(page, "s2i-upload", Fixture.Workspace.ValidationWav("double_bass"));
            await FillFieldAsync(page, "count-input", "2");
            await TestId(page, "generate-button").ClickAsync();
            await Assertions.Expect(TestId(page, "gallery-item")).ToHaveCountAsync(2);
            await Assertions.Expect(TestId(page, "gallery-label")).ToHaveCountAsync(2);    // the evaluator answered
        }, webAddress: web);

        // The processes export every 200 ms; wait until the action's trace holds the services' spans too.
        IReadOnlyList<OtlpCollector.Span> trace = [];
        for (var waited = 0; waited < 60_000; waited += 250)
        {
            var all = collector.Spans;
            var action = all.LastOrDefault(s => s.Name == "sound-to-image");
            trace = action is null ? [] : all.Where(s => s.TraceId == action.TraceId).ToList();
            if (Processes.All(p => trace.Any(s => s.Service.EndsWith(p, StringComparison.Ordinal)))) break;
            await Task.Delay(250);
        }
        foreach (var span in trace) output.WriteLine($"{span.TraceId} {span.Service}: {span.Name}");
        Assert.Contains(trace, s => s.Name == "sound-to-image" && s.Service.EndsWith("web", StringComparison.Ordinal));
        // The services' server spans of the two calls, under the web app's trace.
        Assert.Contains(trace, s => s.Service.EndsWith("generator", StringComparison.Ordinal) && s.Name.Contains("GeneratorService/SoundToImage"));
        Assert.Contains(trace, s => s.Service.EndsWith("evaluator", StringComparison.Ordinal) && s.Name.Contains("EvaluatorService/ClassifyImages"));
        Assert.Single(trace.Select(s => s.TraceId).Distinct());
        Directory.Delete(webData, recursive: true);
    }
}
