using System.Diagnostics;
using CrossModal.Clients;
using CrossModal.Protos.V1;
using CrossModal.Reliability.Tests.Corpus;
using CrossModal.Reliability.Tests.Probes;
using CrossModal.Services.Tests;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CrossModal.Reliability.Tests.Faults;

/// <summary>
/// The GeneratorService as its own process over the committed starter models, killed with SIGKILL while requests are
/// being served: every caller learns promptly (UNAVAILABLE or an aborted stream, never a hang to the deadline), and
/// after a restart on the same port the typed client of clients/CrossModal.Clients generates again. Also: the
/// process's RSS over repeated rounds of oversized uploads (flat once its buffer pools are warm).
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class GeneratorKillTests(ServicesFixture f, ITestOutputHelper output)
{
    /// <summary>The committed starter model store (read-only here: generation writes nothing).</summary>
    public static string StarterModels => Path.Combine(RepositoryRoot(), "models", "starter");

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CrossModal.sln"))) return dir.FullName;
        throw new InvalidOperationException("no CrossModal.sln above the test folder");
    }

    static readonly TimeSpan Start = TimeSpan.FromSeconds(90);

    /// <summary>A caller must hear of the crash this quickly (the calls' deadline is 120 s).</summary>
    static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task KilledMidRequestCallersFailPromptlyAndTheTypedClientRecoversAfterRestart()
    {
        var stored = StoreSnapshot.Take(StarterModels);
        using var first = GeneratorProcess.Start(StarterModels, f.Data);
        await first.WaitServing(Start);

        var settings = new Dictionary<string, string?>
        {
            [ServiceAddresses.Key(ServiceAddresses.Generator)] = first.Address,
            [$"{CrossModalClientOptions.Section}:MaxAttempts"] = "5",
            [$"{CrossModalClientOptions.Section}:InitialBackoffSeconds"] = "1",
            [$"{CrossModalClientOptions.Section}:MaxBackoffSeconds"] = "8",
        };
        using var services = new ServiceCollection().AddCrossModalClients(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();
        var typed = services.GetRequiredService<Protos.V1.GeneratorService.GeneratorServiceClient>();
        var wav = Samples.Wav();
        Assert.Equal(2, (await typed.SoundToImageAsync(new SoundToImageRequest { Wav = wav, Count = 2, Seed = 1 })).Png.Count);

        // Sixteen requests of 64 images each (sixteen forward passes of the starter generator, one after another), on a
        // plain channel without retries so that each caller sees what the crash did to its own call. The kill comes
        // after 300 ms or as soon as one call is answered, whichever is first, so most are still being served.
        using var raw = GrpcChannel.ForAddress(first.Address, new GrpcChannelOptions { MaxRetryAttempts = null });
        var plain = new Protos.V1.GeneratorService.GeneratorServiceClient(raw);
        var calls = Enumerable.Range(0, 16).Select(i => Timed(plain.SoundToImageAsync(
            new SoundToImageRequest { Wav = wav, Count = 64, Seed = i }, deadline: DateTime.UtcNow.AddMinutes(2)).ResponseAsync)).ToArray();
        await Task.WhenAny(Task.WhenAny(calls), Task.Delay(300));
        var inFlight = calls.Count(c => !c.IsCompleted);
        var killedAt = Stopwatch.StartNew();
        first.Kill();
        var outcomes = await Task.WhenAll(calls);
        var heardAfter = killedAt.Elapsed;

        var failed = outcomes.Where(o => o.Status is not StatusCode.OK).ToList();
        output.WriteLine($"kill mid-request: {inFlight} of {calls.Length} calls in flight at the kill; outcomes: " +
                         string.Join(", ", outcomes.GroupBy(o => o.Status).Select(g => $"{g.Count()} {g.Key}")) +
                         $"; every caller answered {heardAfter.TotalMilliseconds:0} ms after the kill");
        Assert.True(inFlight > 0, "no call was in flight at the kill: the test proved nothing");
        Assert.NotEmpty(failed);
        Assert.All(failed, o => Assert.True(o.Status is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Aborted or StatusCode.Cancelled,
            $"a caller got {o.Status}: {o.Detail}"));
        Assert.True(heardAfter < Prompt, $"the callers heard of the crash only after {heardAfter}");

        // Restart on the same port; the typed client (its connection died with the process) retries UNAVAILABLE.
        using var second = GeneratorProcess.Start(StarterModels, f.Data, first.Port);
        await second.WaitListening(Start);
        var recovered = Stopwatch.StartNew();
        var again = await typed.SoundToImageAsync(new SoundToImageRequest { Wav = wav, Count = 2, Seed = 1 }, deadline: DateTime.UtcNow.AddMinutes(2));
        Assert.Equal(2, again.Png.Count);
        output.WriteLine($"after restart: the typed client generated again {recovered.ElapsedMilliseconds} ms after the port opened");

        // Oversized uploads, three rounds: the process's RSS levels off once its pools are warm (a kept copy of each
        // upload would add 125 MB a round).
        var oversized = ByteString.CopyFrom(HostileFiles.OversizedWav().Bytes);
        var rss = new List<long> { second.RssBytes() };
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 5; i++)
            {
                var e = await Assert.ThrowsAsync<RpcException>(() => typed.SoundToImageAsync(new SoundToImageRequest { Wav = oversized, Count = 1 }).ResponseAsync);
                Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
            }
            rss.Add(second.RssBytes());
        }
        output.WriteLine("generator RSS (MB) at start and after each round of 5 x 25 MB refused uploads: " + string.Join(", ", rss.Select(b => (b / 1048576.0).ToString("0"))));
        Assert.InRange((rss[3] - rss[2]) / 1048576.0, double.MinValue, 64);
        Assert.Single((await typed.SoundToImageAsync(new SoundToImageRequest { Wav = wav, Count = 1 })).Png);
        StoreSnapshot.Take(StarterModels).AssertUnchangedSince(stored);
    }

    sealed record Outcome(StatusCode Status, string Detail, TimeSpan Elapsed);

    static async Task<Outcome> Timed(Task<SoundToImageResponse> call)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await call;
            return new Outcome(StatusCode.OK, "", clock.Elapsed);
        }
        catch (RpcException e)
        {
            return new Outcome(e.StatusCode, e.Status.Detail, clock.Elapsed);
        }
    }
}
