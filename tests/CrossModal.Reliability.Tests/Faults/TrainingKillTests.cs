using System.Diagnostics;
using CrossModal.Core.Recipes;
using CrossModal.Core.Storage;
using CrossModal.Core.Training;
using CrossModal.Protos.V1;
using CrossModal.Reliability.Tests.Cli;
using CrossModal.Services.Tests;
using CrossModal.TestSupport;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit.Abstractions;

namespace CrossModal.Reliability.Tests.Faults;

/// <summary>
/// Training killed with SIGKILL right after its first checkpoint, from the CLI and inside the GeneratorService: no
/// file in the model store is half-written (every model folder verifies against its manifest's SHA-256; leftovers of
/// interrupted writes are hidden and never listed as models), and the same command or request run again resumes from
/// the last checkpoint (its first trained epoch is the checkpoint's + 1) and finishes.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class TrainingKillTests(ServicesFixture f, ITestOutputHelper output) : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("cm-kill-training-").FullName;
    string Dataset => Path.Combine(f.Data, ServicesFixture.Dataset);
    const int Epochs = 6;
    const string Model = StoredModels.ImageEncoderId;

    [Fact]
    public async Task CliTrainingKilledAfterACheckpointResumesFromItAndLeavesNoCorruptFile()
    {
        var models = Path.Combine(_root, "cli-models");
        string[] args = ["train", "encoder", "--modality", "image", "--data", Dataset, "--models", models,
            "--epochs", $"{Epochs}", "--batch-size", "4", "--threads", "1", "--seed", "3"];
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(CliProcess.Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        _ = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();

        var checkpoints = new CheckpointStore(Path.Combine(models, ".runs", Model));
        var killedAfter = await KillAfterFirstCheckpoint(checkpoints, p.Kill, () => p.HasExited);
        p.WaitForExit(10_000);
        var survivors = AssertStoreIntact(models);
        output.WriteLine($"CLI training killed after the checkpoint of epoch {killedAfter}; store after the kill: {survivors}");

        var rerun = CliProcess.Run(TimeSpan.FromMinutes(4), args);
        Assert.True(rerun.ExitCode == 0, rerun.StdErr);
        var trained = TrainingHistory.Read(models).Steps.Single(s => s.Id == Model).Epochs.Select(e => e.Epoch).ToArray();
        output.WriteLine($"rerun: trained epochs {string.Join(", ", trained)} in {rerun.Elapsed.TotalSeconds:0} s");
        Assert.Equal(Enumerable.Range(killedAfter + 1, Epochs - killedAfter), trained);
        Assert.Equal(Epochs, ModelStore.Verify(Path.Combine(models, Model)).Epoch);
        Assert.False(Directory.Exists(checkpoints.Directory), "the finished step's checkpoints were kept");
        AssertStoreIntact(models);
    }

    [Fact]
    public async Task ServiceTrainingKilledWithTheGeneratorResumesAfterRestart()
    {
        var models = Directory.CreateDirectory(Path.Combine(_root, "service-models")).FullName;
        var request = new StartTrainingRequest { Kind = "image-encoder", Dataset = ServicesFixture.Dataset, Epochs = Epochs, BatchSize = 4, Seed = 3 };
        var checkpoints = new CheckpointStore(Path.Combine(models, ".runs", Model));

        int killedAfter;
        int port;
        using (var first = GeneratorProcess.Start(models, f.Data))
        {
            await first.WaitServing(TimeSpan.FromSeconds(90));
            port = first.Port;
            using var channel = GrpcChannel.ForAddress(first.Address);
            var run = await new Protos.V1.GeneratorService.GeneratorServiceClient(channel).StartTrainingAsync(request, deadline: DateTime.UtcNow.AddSeconds(60));
            Assert.NotEmpty(run.RunId);
            killedAfter = await KillAfterFirstCheckpoint(checkpoints, first.Kill, () => false);
        }
        var survivors = AssertStoreIntact(models);
        output.WriteLine($"service training killed with the generator after the checkpoint of epoch {killedAfter}; store after the kill: {survivors}");

        using var second = GeneratorProcess.Start(models, f.Data, port);
        await second.WaitServing(TimeSpan.FromSeconds(90));
        using var again = GrpcChannel.ForAddress(second.Address);
        var client = new Protos.V1.GeneratorService.GeneratorServiceClient(again);
        var resumed = await client.StartTrainingAsync(request, deadline: DateTime.UtcNow.AddSeconds(60));
        var events = new List<TrainingEvent>();
        using (var watch = client.WatchTraining(new WatchTrainingRequest { RunId = resumed.RunId }, deadline: DateTime.UtcNow.AddMinutes(4)))
            await foreach (var e in watch.ResponseStream.ReadAllAsync()) events.Add(e);
        Assert.True(events[^1].State == "completed", $"the resumed run ended {events[^1].State}: {events[^1].Message}");
        var trainedEpochs = events.Where(e => e.ModelId == Model && e.Epoch > 0 && e.Losses.Count > 0).Select(e => e.Epoch).Distinct().Order().ToArray();
        output.WriteLine($"after restart: the same request trained epochs {string.Join(", ", trainedEpochs)}");
        Assert.Equal(Enumerable.Range(killedAfter + 1, Epochs - killedAfter), trainedEpochs);
        Assert.Equal(Epochs, (await client.ListModelsAsync(new ListModelsRequest { Kind = "image-encoder" })).Models.Single().Epoch);
        AssertStoreIntact(models);
    }

    /// <summary>Polls for the first complete checkpoint and kills at once; returns the epoch the newest complete one ends.</summary>
    static async Task<int> KillAfterFirstCheckpoint(CheckpointStore checkpoints, Action kill, Func<bool> exited)
    {
        var clock = Stopwatch.StartNew();
        while (checkpoints.Latest() is null)
        {
            Assert.False(exited(), "training ended before its first checkpoint");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), "no checkpoint within 3 minutes");
            await Task.Delay(20);
        }
        kill();
        var latest = checkpoints.Latest();
        Assert.NotNull(latest);
        Assert.InRange(latest.Epoch, 1, Epochs - 1);
        return latest.Epoch;
    }

    /// <summary>
    /// Every visible folder of the store is a model that verifies (manifest, SHA-256 of each weights file); hidden
    /// entries (checkpoints under .runs/, temporaries of interrupted writes) are not listed as models. Returns a summary.
    /// </summary>
    static string AssertStoreIntact(string models)
    {
        var visible = ModelStore.ModelFolders(models);
        // Other visible folders (previews/) hold no weights: nothing model-like outside a verified model folder.
        foreach (var other in Directory.EnumerateDirectories(models).Where(d => !Path.GetFileName(d).StartsWith('.')).Except(visible))
            Assert.Empty(Directory.EnumerateFiles(other, "*.weights", SearchOption.AllDirectories));
        foreach (var folder in visible) ModelStore.Verify(folder);
        var listed = ModelStore.List(models).Select(m => m.Id).Order().ToArray();
        Assert.Equal(visible.Select(Path.GetFileName).Order().ToArray(), listed);
        var hidden = Directory.EnumerateFileSystemEntries(models, ".*", SearchOption.AllDirectories).Count();
        return $"{visible.Count} model folder(s), all verified; {hidden} hidden entries (checkpoints, temporaries) not listed as models";
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
