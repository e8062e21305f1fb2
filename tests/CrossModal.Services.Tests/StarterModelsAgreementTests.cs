using CrossModal.Core.Evaluation;
using CrossModal.Core.Generation;
using CrossModal.DatasetTools.Synthetic;
using CrossModal.EncoderService.Extensions;
using CrossModal.EvaluatorService.Extensions;
using CrossModal.GeneratorService.Extensions;
using CrossModal.Protos.V1;
using EvaluationResult = CrossModal.Core.Evaluation.EvaluationResult;
using Google.Protobuf;
using CrossModal.TestSupport;
using Xunit.Abstractions;

namespace CrossModal.Services.Tests;

/// <summary>
/// The shipped starter models through the services give the in-process answer: for every sound of a freshly
/// synthesised set (a seed the starter set never saw), WAV → EncodeAudio → SoundToImage (the embedding, count 1,
/// the evaluator's per-sample seed) → ClassifyImages labels each image as <c>crossmodal evaluate s2i</c>
/// (<see cref="S2IEvaluator"/>) does in-process, so the accuracy and the confusion matrix are the same.
/// </summary>
public sealed class StarterModelsAgreementTests(ITestOutputHelper output) : IAsyncLifetime
{
    const long Seed = 20261125;
    readonly string root = Path.Combine(Path.GetTempPath(), $"cm-starter-{Guid.NewGuid():N}");
    readonly List<LoopbackService> services = [];
    string Sounds => Path.Combine(root, "data", "check", "chunk", "train");

    public Task InitializeAsync()
    {
        SyntheticDatasetBuilder.Build(new SyntheticDatasetOptions { OutputDirectory = Path.Combine(root, "data", "check"), PerClass = 4, Seed = 91 });
        return Task.CompletedTask;
    }

    [Fact]
    public async Task WavThroughEncoderGeneratorAndEvaluatorLabelsLikeInProcessEvaluation()
    {
        var models = StarterModels.Folder();
        EvaluationResult inProcess;
        using (var set = ModelSet.Open(models))
            inProcess = S2IEvaluator.OnFolder(set, "s2i-c", Sounds, null, Seed);

        var encoder = new Protos.V1.EncoderService.EncoderServiceClient(await Start(new LoopbackService("encoder", EncoderApp.Create, Settings(models), root)));
        var generator = new Protos.V1.GeneratorService.GeneratorServiceClient(await Start(new LoopbackService("generator", GeneratorApp.Create, Settings(models), root)));
        var evaluator = new Protos.V1.EvaluatorService.EvaluatorServiceClient(await Start(new LoopbackService("evaluator", EvaluatorApp.Create, Settings(models), root)));

        var files = LabelledFolder.Sounds(Sounds);
        var predicted = new List<int>();
        for (var i = 0; i < files.Count; i++)
        {
            var wav = ByteString.CopyFrom(await File.ReadAllBytesAsync(files[i].Path));
            var encoded = await encoder.EncodeAudioAsync(new EncodeAudioRequest { Wav = wav });
            var images = await generator.SoundToImageAsync(new SoundToImageRequest
            {
                Embedding = new Embedding { Values = { encoded.Embedding } }, ModelId = "s2i-c", Count = 1, Seed = S2IEvaluator.SampleSeed(Seed, i),
            });
            var label = (await evaluator.ClassifyImagesAsync(new ClassifyImagesRequest { Images = { images.Png } })).Predictions.Single().Instrument;
            predicted.Add(CrossModal.Domain.Instruments.IndexOf(label));
        }
        var throughServices = EvaluationResult.From("s2i-c", Sounds, files.Select(f => f.Label).ToArray(), predicted);

        output.WriteLine($"in process: {inProcess.Accuracy:P1} of {inProcess.N}; through the services: {throughServices.Accuracy:P1} of {throughServices.N}");
        Assert.Equal(inProcess.N, throughServices.N);
        Assert.Equal(inProcess.Confusion, throughServices.Confusion);
        Assert.Equal(inProcess.Accuracy, throughServices.Accuracy);
        // The starter S2I-C is far better than chance (1/13) on sounds it never heard: the check is not vacuous.
        Assert.True(throughServices.Accuracy > 2.0 / 13, $"accuracy {throughServices.Accuracy:P1}");
    }

    static Dictionary<string, string?> Settings(string models) => new()
    {
        ["CrossModal:Models"] = models, ["CrossModal:Device"] = "cpu", ["CrossModal:Threads"] = "2", ["Logging:LogLevel:Default"] = "Warning",
    };

    async Task<Grpc.Net.Client.GrpcChannel> Start(LoopbackService service)
    {
        services.Add(service);
        await service.StartAsync();
        return service.Connect();
    }

    public async Task DisposeAsync()
    {
        foreach (var service in services) await service.DisposeAsync();
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }
}

/// <summary>The committed starter model set (models/starter at the repository root).</summary>
static class StarterModels
{
    public static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CrossModal.sln")))
                return Path.Combine(dir.FullName, "models", "starter");
        throw new InvalidOperationException("the repository root (CrossModal.sln) is not above the test's folder");
    }
}
