using CrossModal.Protos.V1;
using Grpc.Core;

namespace CrossModal.Services.Tests;

[Collection(ServicesCollection.Name)]
public class TrainingTests(ServicesFixture f)
{
    Protos.V1.GeneratorService.GeneratorServiceClient Client => new(f.GeneratorChannel);

    async Task<List<TrainingEvent>> Watch(string runId)
    {
        using var call = Client.WatchTraining(new WatchTrainingRequest { RunId = runId }, deadline: DateTime.UtcNow.AddMinutes(2));
        var events = new List<TrainingEvent>();
        await foreach (var e in call.ResponseStream.ReadAllAsync()) events.Add(e);
        return events;
    }

    [Fact]
    public async Task OneRunAtATimeCancelThenTrainIntoTheStoreWithHistoryForLateWatchers()
    {
        var bad = await Assert.ThrowsAsync<RpcException>(() => Client.StartTrainingAsync(new StartTrainingRequest
            { Kind = "image-encoder", Dataset = "../../etc", Epochs = 1 }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Contains("outside the service's data root", bad.Status.Detail);
        bad = await Assert.ThrowsAsync<RpcException>(() => Client.StartTrainingAsync(new StartTrainingRequest
            { Kind = "gpt", Dataset = ServicesFixture.Dataset, Epochs = 1 }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);

        var long_ = await Client.StartTrainingAsync(new StartTrainingRequest { Kind = "image-encoder", Dataset = ServicesFixture.Dataset, Epochs = 1000, BatchSize = 4 });
        var busy = await Assert.ThrowsAsync<RpcException>(() => Client.StartTrainingAsync(new StartTrainingRequest
            { Kind = "sound-encoder", Dataset = ServicesFixture.Dataset, Epochs = 1 }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, busy.StatusCode);
        Assert.True((await Client.CancelTrainingAsync(new CancelTrainingRequest { RunId = long_.RunId })).Cancelled);
        var cancelled = await Watch(long_.RunId);
        Assert.Equal("cancelled", cancelled[^1].State);
        Assert.False((await Client.CancelTrainingAsync(new CancelTrainingRequest { RunId = long_.RunId })).Cancelled);

        var before = (await Client.ListModelsAsync(new ListModelsRequest { Kind = "image-encoder" })).Models.Single();
        var run = await Client.StartTrainingAsync(new StartTrainingRequest { Kind = "image-encoder", Dataset = ServicesFixture.Dataset, Epochs = 2, BatchSize = 4, Seed = 3 });
        var live = await Watch(run.RunId);
        var late = await Watch(run.RunId);    // after the end: the whole history again
        Assert.Equal(live.Select(e => e.ToString()), late.Select(e => e.ToString()));
        Assert.Equal("queued", live[0].State);
        Assert.Equal("completed", live[^1].State);
        var epochs = live.Where(e => e.ModelId == "image-encoder" && e.Message.Contains("epoch") && e.Losses.Count > 0).Select(e => e.Epoch).Distinct().ToArray();
        Assert.Equal(new[] { 1, 2 }, epochs);
        Assert.All(live, e => Assert.Equal(run.RunId, e.RunId));

        var after = (await Client.ListModelsAsync(new ListModelsRequest { Kind = "image-encoder" })).Models.Single();
        Assert.NotEqual(before.CreatedUtc, after.CreatedUtc);
        Assert.Equal(2, after.Epoch);

        var unknown = await Assert.ThrowsAsync<RpcException>(() => Watch("nope"));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }
}
