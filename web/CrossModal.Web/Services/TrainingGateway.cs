using System.Runtime.CompilerServices;
using CrossModal.Clients;
using CrossModal.Protos.V1;
using Grpc.Core;

namespace CrossModal.Web.Services;

/// <summary>Training runs on the generator service: start, watch (a server stream), cancel.</summary>
public sealed class TrainingGateway(GeneratorService.GeneratorServiceClient generator, TrainingRunRegistry registry)
{
    public async Task<string> StartAsync(StartTrainingRequest request, CancellationToken cancellationToken = default)
    {
        var response = await ServiceCall.RunAsync(ServiceAddresses.Generator,
            async () => await generator.StartTrainingAsync(request, cancellationToken: cancellationToken));
        registry.Started(response.RunId);
        return response.RunId;
    }

    /// <summary>Every event of the run from its start (the generator replays the history to a late watcher), then live ones.</summary>
    public async IAsyncEnumerable<TrainingEvent> WatchAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var call = generator.WatchTraining(new WatchTrainingRequest { RunId = runId }, cancellationToken: cancellationToken);
        while (true)
        {
            TrainingEvent current;
            try
            {
                if (!await call.ResponseStream.MoveNext(cancellationToken)) yield break;
                current = call.ResponseStream.Current;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
                // The watcher stopped watching (page closed, or a new watch replaced this one): not a service failure.
                throw new OperationCanceledException("the watch was stopped", e, cancellationToken);
            }
            catch (RpcException e)
            {
                throw new ServiceCallException(ServiceFailure.From(ServiceAddresses.Generator, e), e);
            }
            yield return current;
        }
    }

    public async Task<bool> CancelAsync(string runId, CancellationToken cancellationToken = default)
    {
        var response = await ServiceCall.RunAsync(ServiceAddresses.Generator,
            async () => await generator.CancelTrainingAsync(new CancelTrainingRequest { RunId = runId }, cancellationToken: cancellationToken));
        return response.Cancelled;
    }
}

/// <summary>
/// The last run started from this web app, so that reopening the Training page (or reloading it) watches that run again
/// instead of losing it: the generator has no "list runs" call, and a second start would be refused while one runs.
/// </summary>
public sealed class TrainingRunRegistry
{
    volatile string? latest;

    public string? Latest => latest;

    public void Started(string runId) => latest = runId;
}
