using System.Diagnostics;
using CrossModal.Reliability.Tests.Probes;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace CrossModal.Reliability.Tests.Services;

/// <summary>
/// Sends one hostile request and checks the answer is a refusal with the expected status and a precise one-line
/// message, well inside the call's deadline, and that the service still reports SERVING afterwards.
/// </summary>
public sealed class RpcProbe(RefusalLog log)
{
    /// <summary>Every call carries this deadline: a hang would end as DEADLINE_EXCEEDED, which fails the check.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>A refusal must come this quickly (header checks; the slowest is copying a 25 MB upload on a loaded machine).</summary>
    public static readonly TimeSpan WellInside = TimeSpan.FromSeconds(20);

    public Task Refused(GrpcChannel channel, string entry, string input, string expect, Func<DateTime, Task> call,
        params StatusCode[] codes) => Refused(channel, entry, input, [expect], call, codes);

    /// <summary>As above; the message must contain every fragment of <paramref name="expect"/>.</summary>
    public async Task Refused(GrpcChannel channel, string entry, string input, string[] expect, Func<DateTime, Task> call,
        params StatusCode[] codes)
    {
        if (codes.Length == 0) codes = [StatusCode.InvalidArgument];
        var clock = Stopwatch.StartNew();
        RpcException? refusal = null;
        try { await call(DateTime.UtcNow + Deadline); }
        catch (RpcException e) { refusal = e; }
        clock.Stop();
        Assert.True(refusal is not null, $"{entry} accepted '{input}'");
        var detail = refusal.Status.Detail;
        Assert.True(codes.Contains(refusal.StatusCode), $"{entry} <- {input}: {refusal.StatusCode} '{detail}' (wanted {string.Join("/", codes)})");
        foreach (var fragment in expect)
            Assert.True(detail.Contains(fragment, StringComparison.OrdinalIgnoreCase), $"{entry} <- {input}: '{detail}' does not say '{fragment}'");
        Assert.False(detail.Contains('\n'), $"{entry} <- {input}: the message is not one line: '{detail}'");
        Assert.True(clock.Elapsed < WellInside, $"{entry} <- {input}: refused after {clock.Elapsed}, not well inside the {Deadline} deadline");
        log.Add(entry, input, $"{refusal.StatusCode}: {detail}", clock.Elapsed);
        await AssertServing(channel);
    }

    public static async Task AssertServing(GrpcChannel channel)
    {
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    /// <summary>Reads a server stream to its end (a refusal surfaces as the RpcException of the read).</summary>
    public static async Task Drain<T>(IAsyncStreamReader<T> stream)
    {
        while (await stream.MoveNext(CancellationToken.None)) { }
    }
}
