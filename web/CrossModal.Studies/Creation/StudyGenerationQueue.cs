using System.Collections.Concurrent;
using System.Threading.Channels;
using CrossModal.Studies.Data;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrossModal.Studies.Creation;

/// <summary>
/// Generates queued studies one at a time in the background (a study of 13 instruments x 10 sets x 3 generated
/// methods is ~400 generator calls). All sets and images are stored in one transaction together with the switch to
/// <see cref="StudyStatus.Open"/>; a failure stores nothing but the error. Studies left generating by a restart are
/// queued again on start (generation is deterministic, so the result is the same).
/// </summary>
public sealed class StudyGenerationQueue(StudiesDb db, IServiceScopeFactory scopes, ILogger<StudyGenerationQueue> log) : BackgroundService
{
    readonly Channel<int> _queue = Channel.CreateUnbounded<int>();
    readonly ConcurrentDictionary<int, (int Done, int Total)> _progress = new();

    public void Enqueue(int studyId)
    {
        _progress.TryAdd(studyId, (0, 0));
        _queue.Writer.TryWrite(studyId);
    }

    /// <summary>Images generated so far of a study being generated, or null when it is not in the queue.</summary>
    public (int Done, int Total)? Progress(int studyId) => _progress.TryGetValue(studyId, out var p) ? p : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using (var ctx = db.Create())
        {
            try
            {
                foreach (var id in await ctx.Studies.Where(s => s.Status == StudyStatus.Generating).Select(s => s.Id).ToListAsync(stoppingToken))
                    Enqueue(id);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "could not look for studies left generating");
            }
        }
        await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try { await GenerateAsync(id, stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                // Anything unexpected (a bug, the database) fails this study, never the queue: an exception leaving
                // ExecuteAsync would stop the web app, and the study, still "generating", would be queued at every start.
                log.LogError(e, "study {Id} failed to generate (unexpected error)", id);
                await TryMarkFailedAsync(id, $"generation failed unexpectedly: {e.GetType().Name}: {e.Message}");
            }
            finally { _progress.TryRemove(id, out _); }
        }
    }

    async Task TryMarkFailedAsync(int studyId, string error)
    {
        try { await MarkFailedAsync(studyId, error); }
        catch (Exception e) { log.LogError(e, "could not mark study {Id} failed", studyId); }
    }

    /// <summary>Generates and stores one study (public so tests can run it without the background loop).</summary>
    public async Task GenerateAsync(int studyId, CancellationToken ct)
    {
        Study? study;
        await using (var ctx = db.Create())
            study = await ctx.Studies.AsNoTracking().SingleOrDefaultAsync(s => s.Id == studyId, ct);
        if (study is null || study.Status != StudyStatus.Generating) return;

        int total = StudySetBuilder.ImageCount(study);
        _progress[studyId] = (0, total);
        List<RatingSet> sets;
        try
        {
            using var scope = scopes.CreateScope();
            var source = scope.ServiceProvider.GetRequiredService<IStudyImageSource>();
            sets = await StudySetBuilder.BuildAsync(study, source, new Progress<int>(d => _progress[studyId] = (d, total)), ct);
        }
        catch (Exception e) when (e is StudySourceException or RpcException or IOException or InvalidOperationException or ArgumentException)
        {
            log.LogWarning(e, "study {Id} failed to generate", studyId);
            await MarkFailedAsync(studyId, Describe(e));
            return;
        }

        await using var save = db.Create();
        await using var tx = await save.Database.BeginTransactionAsync(ct);
        var tracked = await save.Studies.SingleAsync(s => s.Id == studyId, ct);
        if (tracked.Status != StudyStatus.Generating) return;
        save.RatingSets.AddRange(sets);
        tracked.Status = StudyStatus.Open;
        tracked.OpenedUtc = DateTime.UtcNow;
        tracked.Error = null;
        await save.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        log.LogInformation("study {Id} generated: {Sets} sets, {Images} images", studyId, sets.Count, sets.Sum(s => s.Images.Count));
    }

    async Task MarkFailedAsync(int studyId, string error)
    {
        await using var ctx = db.Create();
        var s = await ctx.Studies.SingleAsync(x => x.Id == studyId);
        s.Status = StudyStatus.Failed;
        s.Error = error.Length > 2000 ? error[..2000] : error;
        await ctx.SaveChangesAsync();
    }

    static string Describe(Exception e) => e switch
    {
        // A source other than GrpcStudyImageSource (which names the service, StudySourceException) may throw gRPC's own.
        RpcException { StatusCode: StatusCode.Unavailable } => "a service the study needs is not reachable; start it and create the study again.",
        RpcException r => $"a service the study needs refused: {r.Status.Detail} ({r.StatusCode}).",
        _ => e.Message,
    };
}
