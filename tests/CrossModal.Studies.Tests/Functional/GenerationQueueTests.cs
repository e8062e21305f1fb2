using CrossModal.Studies.Data;
using CrossModal.Studies.Domain;
using CrossModal.Studies.Tests.Support;

namespace CrossModal.Studies.Tests.Functional;

/// <summary>The background generation loop as the host runs it (started as a hosted service), not one call at a time.</summary>
public sealed class GenerationQueueTests : IDisposable
{
    readonly StudyFixture _f = new();

    public void Dispose() => _f.Dispose();

    static StudySpec Spec(string name) => new()
    {
        Name = name, Instruments = ["cello"], SetsPerInstrument = 1, GoldSets = 1, Methods = [.. StudyMethods.Default], Seed = 3,
    };

    async Task<Study> WaitWhileGeneratingAsync(int id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var study = (await _f.Admin.GetAsync(id))!;
            if (study.Status != StudyStatus.Generating) return study;
            Assert.True(DateTime.UtcNow < deadline, $"study {id} is still generating after 60 s");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task An_unexpected_exception_fails_its_study_with_the_reason_and_the_queue_keeps_serving()
    {
        using var stop = new CancellationTokenSource();
        await _f.Queue.StartAsync(stop.Token);
        try
        {
            // Not one of the failures generation expects (a source or gRPC error): a bug somewhere below.
            _f.Source.FailWith = new NullReferenceException("a bug in a source");
            var broken = await _f.Admin.CreateAsync(Spec("broken"));
            var failed = await WaitWhileGeneratingAsync(broken);
            Assert.Equal(StudyStatus.Failed, failed.Status);
            Assert.Contains("a bug in a source", failed.Error);

            _f.Source.FailWith = null;
            var next = await _f.Admin.CreateAsync(Spec("next"));
            Assert.Equal(StudyStatus.Open, (await WaitWhileGeneratingAsync(next)).Status);
            Assert.False(_f.Queue.ExecuteTask!.IsCompleted, "the queue's loop ended");
        }
        finally
        {
            await stop.CancelAsync();
            await _f.Queue.StopAsync(CancellationToken.None);
        }
    }
}
