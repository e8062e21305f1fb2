using CrossModal.Core.Datasets;
using CrossModal.Core.Imaging;
using CrossModal.Domain;
using CrossModal.EvaluatorService.Extensions;
using CrossModal.Protos.V1;
using CrossModal.TestSupport;
using Grpc.Core;

namespace CrossModal.Services.Tests;

/// <summary>
/// StudySamplesService on the evaluator over the fixture's tiny dataset (cello and flute): deterministic validation
/// pairs with their stored WAV and a 64x64 ground truth; bad input is INVALID_ARGUMENT and a dataset that cannot serve
/// the request FAILED_PRECONDITION, each with a message saying what to change.
/// </summary>
[Collection(ServicesCollection.Name)]
public class StudySamplesServiceTests(ServicesFixture f)
{
    StudySamplesService.StudySamplesServiceClient Client => new(f.EvaluatorChannel);

    string DatasetRoot => Path.Combine(f.Data, ServicesFixture.Dataset);

    Task<PickSamplesResponse> Pick(string instrument, int count, long seed = 3) =>
        Client.PickSamplesAsync(new PickSamplesRequest { Instrument = instrument, Count = count, Seed = seed }).ResponseAsync;

    [Fact]
    public async Task Picks_the_pairs_the_studies_always_picked_with_their_stored_wav_and_a_64x64_ground_truth()
    {
        var validation = SubUrmpDatasetReader.Read(DatasetRoot).InSplit(DatasetSplit.Validation).Where(s => s.Label == "cello").ToList();
        Assert.True(validation.Count >= 1, "the fixture's dataset has a cello validation pair");
        var all = await Pick("cello", validation.Count);
        Assert.Equal((ServicesFixture.Dataset, validation.Count), (all.Dataset, all.Available));
        // The same seeded shuffle (salt "study:<instrument>") the web app used when it read the dataset itself.
        Assert.Equal(SeededShuffle.Shuffle(validation, 3, "study:cello").Select(s => s.Name), all.Samples.Select(s => s.Name));
        foreach (var sample in all.Samples)
        {
            var pair = validation.Single(p => p.Name == sample.Name);
            Assert.Equal("cello", sample.Instrument);
            Assert.Equal(await File.ReadAllBytesAsync(pair.SoundPath), sample.Wav.ToByteArray());
            using var image = SafeImageDecoder.Decode(sample.GroundTruthPng.ToByteArray());
            Assert.Equal((64, 64), (image.Width, image.Height));
        }

        var again = await Pick("cello", 1);
        Assert.Equal(all.Samples[0].Name, Assert.Single(again.Samples).Name);
        Assert.Equal(all.Samples[0].GroundTruthPng, again.Samples[0].GroundTruthPng);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(101)]
    [InlineData(int.MaxValue)]
    public async Task A_count_outside_1_to_100_is_invalid_argument(int count)
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => Pick("cello", count));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal($"count must be 1 to 100, got {count}.", e.Status.Detail);
    }

    [Theory]
    [InlineData("banjo")]
    [InlineData("")]
    [InlineData("Cello")]
    [InlineData("../cello")]
    public async Task An_unknown_instrument_is_invalid_argument_listing_the_known_ones(string instrument)
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => Pick(instrument, 1));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains($"'{instrument}' is not an instrument", e.Status.Detail);
        Assert.Contains(string.Join(", ", Instruments.All), e.Status.Detail);
    }

    [Fact]
    public async Task A_hostile_instrument_name_is_quoted_short_and_without_control_characters()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => Pick(new string('x', 10_000) + "\n", 1));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.StartsWith($"'{new string('x', 40)}… (10001 characters)' is not an instrument", e.Status.Detail);
        Assert.True(e.Status.Detail.Length < 300, e.Status.Detail);
        e = await Assert.ThrowsAsync<RpcException>(() => Pick("cello\0\r", 1));
        Assert.StartsWith("'cello??' is not an instrument", e.Status.Detail);
    }

    [Fact]
    public async Task More_pairs_than_the_dataset_holds_is_failed_precondition_naming_both_counts()
    {
        var available = (await Pick("flute", 1)).Available;
        var e = await Assert.ThrowsAsync<RpcException>(() => Pick("flute", available + 1));
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Equal($"the studies dataset 'tiny' has {available} validation pair(s) of flute; the study needs {available + 1}.", e.Status.Detail);

        // An instrument the dataset does not have at all.
        e = await Assert.ThrowsAsync<RpcException>(() => Pick("violin", 1));
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Contains("0 validation pair(s) of violin", e.Status.Detail);
    }

    /// <summary>What an evaluator configured with studies dataset <paramref name="dataset"/> answers a study's first pick.</summary>
    async Task<RpcException> RefusalWithStudiesDatasetAsync(string dataset)
    {
        var settings = new Dictionary<string, string?>
        {
            ["CrossModal:Models"] = f.Models, ["CrossModal:Data"] = f.Data, ["CrossModal:Device"] = "cpu", ["CrossModal:Threads"] = "1",
            ["CrossModal:Studies:Dataset"] = dataset, ["Logging:LogLevel:Default"] = "Warning",
        };
        await using var evaluator = new LoopbackService("evaluator", EvaluatorApp.Create, settings, f.Root);
        await evaluator.StartAsync();
        using var channel = evaluator.Connect();
        var client = new StudySamplesService.StudySamplesServiceClient(channel);
        var e = await Assert.ThrowsAsync<RpcException>(() => client.PickSamplesAsync(new PickSamplesRequest { Instrument = "cello", Count = 1, Seed = 1 }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        return e;
    }

    [Theory]
    [InlineData("absent")]
    [InlineData("../outside")]
    public async Task A_missing_or_misplaced_studies_dataset_is_failed_precondition_saying_what_to_set(string dataset)
    {
        var e = await RefusalWithStudiesDatasetAsync(dataset);
        Assert.StartsWith("the studies dataset is not available:", e.Status.Detail);
        Assert.Contains("CrossModal:Studies:Dataset", e.Status.Detail);
    }

    [Fact]
    public async Task A_studies_dataset_still_being_synthesised_is_failed_precondition_saying_so()
    {
        File.WriteAllText(Path.Combine(f.Data, "pending.building"), "4242");
        try
        {
            var e = await RefusalWithStudiesDatasetAsync("pending");
            Assert.StartsWith("the studies dataset 'pending' is being synthesised in the background", e.Status.Detail);
            Assert.Contains("pending.log", e.Status.Detail);
        }
        finally { File.Delete(Path.Combine(f.Data, "pending.building")); }
    }
}
