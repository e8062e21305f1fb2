using CrossModal.EncoderService.Extensions;
using CrossModal.EvaluatorService.Extensions;
using CrossModal.GeneratorService.Extensions;
using CrossModal.TestSupport;

namespace CrossModal.EndToEnd.Tests.Infrastructure;

/// <summary>The three real gRPC services over the workspace's models and data root, each on its own loopback port.</summary>
public sealed class CrossModalServices : IAsyncDisposable
{
    public LoopbackService Encoder { get; }
    public LoopbackService Generator { get; }
    public LoopbackService Evaluator { get; }

    public CrossModalServices(Workspace workspace)
    {
        var settings = new Dictionary<string, string?>
        {
            ["CrossModal:Models"] = workspace.Models, ["CrossModal:Data"] = workspace.Data, ["CrossModal:Device"] = "cpu",
            ["CrossModal:Threads"] = "2", ["Logging:LogLevel:Default"] = "Warning",
        };
        // The content root is the workspace: no appsettings.json there, so the services' fixed ports do not apply.
        Encoder = new LoopbackService("encoder", EncoderApp.Create, settings, workspace.Root);
        Generator = new LoopbackService("generator", GeneratorApp.Create, settings, workspace.Root);
        // The evaluator serves the studies' samples: from the tiny dataset here (the web app reads no dataset).
        var evaluatorSettings = new Dictionary<string, string?>(settings) { ["CrossModal:Studies:Dataset"] = Workspace.Dataset };
        Evaluator = new LoopbackService("evaluator", EvaluatorApp.Create, evaluatorSettings, workspace.Root);
    }

    public IEnumerable<LoopbackService> All => [Encoder, Generator, Evaluator];

    public async Task StartAsync()
    {
        foreach (var service in All) await service.StartAsync();
    }

    /// <summary>Configuration the web app's typed clients read (what Aspire's WithReference injects).</summary>
    public Dictionary<string, string?> ClientSettings() => All.ToDictionary(s => $"services:{s.Name}:grpc:0", s => (string?)s.Address);

    public async ValueTask DisposeAsync()
    {
        foreach (var service in All) await service.DisposeAsync();
    }
}
