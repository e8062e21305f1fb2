using CrossModal.EvaluatorService.Evaluation;
using CrossModal.Protos.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace CrossModal.Services.Tests;

/// <summary>Model evaluations are bounded: a few run, a few wait, the rest are refused with RESOURCE_EXHAUSTED.</summary>
[Collection(ServicesCollection.Name)]
public class EvaluationSlotsTests(ServicesFixture f)
{
    [Fact]
    public async Task OneRunsOneWaitsAndTheNextIsRefusedUntilATurnEnds()
    {
        var slots = new EvaluationSlots(running: 1, waiting: 1);
        var first = await slots.EnterAsync(CancellationToken.None);
        var second = slots.EnterAsync(CancellationToken.None);
        Assert.False(second.IsCompleted);
        var refused = await Assert.ThrowsAsync<RpcException>(() => slots.EnterAsync(CancellationToken.None));
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal(2, slots.Admitted);

        first.Dispose();
        first.Dispose(); // twice changes nothing
        using (await second) Assert.Equal(1, slots.Admitted);
        Assert.Equal(0, slots.Admitted);

        // A waiter that gives up frees its place.
        using (await slots.EnterAsync(CancellationToken.None))
        {
            using var cancel = new CancellationTokenSource();
            var waiting = slots.EnterAsync(cancel.Token);
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
            Assert.Equal(1, slots.Admitted);
        }
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(1, -1)]
    public void BadLimitsAreRefused(int running, int waiting) =>
        Assert.Throws<Core.InvalidInputException>(() => new EvaluationSlots(running, waiting));

    [Fact]
    public async Task TheServiceRefusesAnEvaluationWhileEverySlotIsTaken()
    {
        var slots = f.Evaluator.Services.GetRequiredService<EvaluationSlots>();
        var client = new Protos.V1.EvaluatorService.EvaluatorServiceClient(f.EvaluatorChannel);
        async Task<EvaluationEvent> Evaluate()
        {
            using var call = client.EvaluateModel(new EvaluateModelRequest { ModelId = "sound-encoder", Dataset = ServicesFixture.Dataset, Split = "train", Seed = 1 });
            var events = new List<EvaluationEvent>();
            await foreach (var e in call.ResponseStream.ReadAllAsync()) events.Add(e);
            return events[^1];
        }

        var held = new List<Task<IDisposable>> { slots.EnterAsync(CancellationToken.None) };
        for (int i = 1; i < slots.Running + slots.Waiting; i++) held.Add(slots.EnterAsync(CancellationToken.None));
        try
        {
            var e = await Assert.ThrowsAsync<RpcException>(Evaluate);
            Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
            Assert.Contains("busy", e.Status.Detail);
        }
        finally
        {
            // Each turn ends as it comes, so the waiters behind it get theirs.
            foreach (var turn in held) (await turn).Dispose();
        }
        Assert.NotNull((await Evaluate()).Result);
    }
}
