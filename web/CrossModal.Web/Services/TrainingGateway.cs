using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using CrossModal.Clients;
using CrossModal.Protos.V1;
using CrossModal.Studies.Hosting;
using Grpc.Core;

namespace CrossModal.Web.Services;

/// <summary>
/// Training runs on the generator service: start, watch (a server stream), cancel. Training replaces stored models, so
/// every call is an admin's only, checked here on the server whatever the page shows: the caller must be a signed-in
/// admin (<see cref="AdminSessions"/>), and a run can be watched or cancelled only by the sign-in that started it.
/// </summary>
public sealed class TrainingGateway(GeneratorService.GeneratorServiceClient generator, TrainingRunRegistry registry, AdminSessions sessions)
{
    public async Task<string> StartAsync(ClaimsPrincipal caller, StartTrainingRequest request, CancellationToken cancellationToken = default)
    {
        var session = sessions.Require(caller);
        var response = await ServiceCall.RunAsync(ServiceAddresses.Generator,
            async () => await generator.StartTrainingAsync(request, cancellationToken: cancellationToken));
        registry.Started(session, response.RunId);
        return response.RunId;
    }

    /// <summary>The last run the caller's sign-in started (null: none, or the caller is not a signed-in admin).</summary>
    public string? LatestRun(ClaimsPrincipal caller) => sessions.ActiveSessionOf(caller) is { } session ? registry.Latest(session) : null;

    /// <summary>Every event of the run from its start (the generator replays the history to a late watcher), then live ones.</summary>
    public async IAsyncEnumerable<TrainingEvent> WatchAsync(ClaimsPrincipal caller, string runId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        RequireOwner(caller, runId);
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

    public async Task<bool> CancelAsync(ClaimsPrincipal caller, string runId, CancellationToken cancellationToken = default)
    {
        RequireOwner(caller, runId);
        var response = await ServiceCall.RunAsync(ServiceAddresses.Generator,
            async () => await generator.CancelTrainingAsync(new CancelTrainingRequest { RunId = runId }, cancellationToken: cancellationToken));
        return response.Cancelled;
    }

    void RequireOwner(ClaimsPrincipal caller, string runId)
    {
        if (!registry.Owns(sessions.Require(caller), runId))
            throw new UnauthorizedAccessException("This training run was started by another sign-in; only that sign-in may watch or cancel it.");
    }
}

/// <summary>
/// The runs each admin sign-in started from this web app, so that reopening the Training page (or reloading it) watches
/// the sign-in's last run again instead of losing it (the generator has no "list runs" call, and a second start is
/// refused while one runs), and so that only that sign-in may watch or cancel it.
/// </summary>
public sealed class TrainingRunRegistry
{
    readonly ConcurrentDictionary<string, string> _latestBySession = new();
    readonly ConcurrentDictionary<string, string> _ownerByRun = new();

    public void Started(string session, string runId)
    {
        _ownerByRun[runId] = session;
        _latestBySession[session] = runId;
    }

    public string? Latest(string session) => _latestBySession.TryGetValue(session, out var run) ? run : null;

    public bool Owns(string session, string runId) => _ownerByRun.TryGetValue(runId, out var owner) && owner == session;
}
