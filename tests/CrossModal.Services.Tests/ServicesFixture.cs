using CrossModal.Core.Models;
using CrossModal.Core.Storage;
using CrossModal.DatasetTools.Synthetic;
using CrossModal.EncoderService.Extensions;
using CrossModal.EvaluatorService.Extensions;
using CrossModal.GeneratorService.Extensions;
using CrossModal.TestSupport;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace CrossModal.Services.Tests;

/// <summary>
/// The three services on real Kestrel (HTTP/2, loopback, a free port each) over one temporary model store of tiny
/// random-weight models saved through StoredModels, and a data root holding a tiny synthetic dataset.
/// </summary>
public sealed class ServicesFixture : IAsyncLifetime
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"cm-services-{Guid.NewGuid():N}");
    public string Models => Path.Combine(Root, "models");
    public string Data => Path.Combine(Root, "data");
    public const string Dataset = "tiny";

    LoopbackService[] services = [];

    public WebApplication Encoder => services[0].App;
    public WebApplication Generator => services[1].App;
    public WebApplication Evaluator => services[2].App;
    public GrpcChannel EncoderChannel { get; private set; } = null!;
    public GrpcChannel GeneratorChannel { get; private set; } = null!;
    public GrpcChannel EvaluatorChannel { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        SaveTinyModels(Models);
        SyntheticDatasetBuilder.Build(new SyntheticDatasetOptions
        {
            OutputDirectory = Path.Combine(Data, Dataset), PerClass = 4, Seed = 5, Instruments = ["cello", "flute"], ImageSize = 64,
        });
        var settings = new Dictionary<string, string?>
        {
            ["CrossModal:Models"] = Models, ["CrossModal:Data"] = Data, ["CrossModal:Device"] = "cpu", ["CrossModal:Threads"] = "2",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        // A wider batching window than production's 5 ms so that the batching tests do not depend on scheduling luck.
        var generatorSettings = new Dictionary<string, string?>(settings) { ["CrossModal:Batching:WindowMilliseconds"] = "50" };
        // The evaluator serves the studies' samples from the tiny dataset (production: data/synthetic).
        var evaluatorSettings = new Dictionary<string, string?>(settings) { ["CrossModal:Studies:Dataset"] = Dataset };
        services =
        [
            new LoopbackService("encoder", EncoderApp.Create, settings, Root),
            new LoopbackService("generator", GeneratorApp.Create, generatorSettings, Root),
            new LoopbackService("evaluator", EvaluatorApp.Create, evaluatorSettings, Root),
        ];
        foreach (var service in services) await service.StartAsync();
        (EncoderChannel, GeneratorChannel, EvaluatorChannel) = (services[0].Connect(), services[1].Connect(), services[2].Connect());
    }

    /// <summary>Random-weight models of the real architectures at tiny widths (fast to load and run).</summary>
    static void SaveTinyModels(string root)
    {
        TorchSharp.torch.manual_seed(7);
        var p = new StoredModels.Provenance("test", "test", 0, new Dictionary<string, double> { ["validation_accuracy"] = 0.5 });
        StoredModels.SaveSoundEncoder(root, new SoundClassifier(new SoundClassifierConfig { ConvChannels = [4, 4, 4, 4], HiddenUnits = 16 }), p);
        StoredModels.SaveImageEncoder(root, new ImageClassifier(new ImageClassifierConfig { ConvChannels = [4, 4, 4, 4, 4, 4], HiddenUnits = 16 }), p);
        StoredModels.SaveAutoencoder(root, new StackedAutoencoder(new AutoencoderConfig { StackChannels = [2, 2, 2] }), p);
        var gan = new GanConfig { GeneratorFilters = 4, DiscriminatorFilters = 4, I2SMapChannels = 8, I2SGeneratorExtraLayers = 0, I2SDiscriminatorExtraLayers = 0 };
        StoredModels.SaveGan(root, ModelKinds.S2I, "c", null, gan, StoredModels.SoundEncoderId, new S2IGenerator(gan), new S2IDiscriminator(gan), p);
        StoredModels.SaveGan(root, ModelKinds.S2I, "a", null, gan, StoredModels.AutoencoderId, new S2IGenerator(gan), new S2IDiscriminator(gan), p);
        StoredModels.SaveGan(root, ModelKinds.I2S, null, null, gan, StoredModels.ImageEncoderId, new I2SGenerator(gan), new I2SDiscriminator(gan), p);
    }

    public async Task DisposeAsync()
    {
        foreach (var c in new[] { EncoderChannel, GeneratorChannel, EvaluatorChannel }) c?.Dispose();
        foreach (var service in services) await service.DisposeAsync();
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ServicesCollection : ICollectionFixture<ServicesFixture>
{
    public const string Name = "services";
}
