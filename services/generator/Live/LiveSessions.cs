using System.Diagnostics.Metrics;
using Grpc.Core;

namespace CrossModal.GeneratorService.Live;

/// <summary>The live streams open now, bounded by <see cref="LiveOptions.MaxSessions"/> (both kinds together).</summary>
public sealed class LiveSessions
{
    public enum Kind { Sound, Image }

    readonly object gate = new();
    readonly LiveOptions options;
    int sound, image;

    public LiveSessions(LiveOptions options, IMeterFactory meters)
    {
        this.options = options;
        var meter = meters.Create(Generation.SoundToImageBatcher.MeterName);
        meter.CreateObservableUpDownCounter("crossmodal.generator.live_sessions", () => new[]
        {
            new Measurement<int>(Sound, new KeyValuePair<string, object?>("kind", "sound")),
            new Measurement<int>(Image, new KeyValuePair<string, object?>("kind", "image")),
        }, "{session}", "Live streams open now");
    }

    public int Max => options.MaxSessions;
    public int Sound { get { lock (gate) return sound; } }
    public int Image { get { lock (gate) return image; } }

    /// <summary>Counts a new stream in until the lease is disposed; RESOURCE_EXHAUSTED when every place is taken.</summary>
    public IDisposable Enter(Kind kind)
    {
        lock (gate)
        {
            if (sound + image >= options.MaxSessions)
                throw new RpcException(new Status(StatusCode.ResourceExhausted,
                    $"live mode is full: {options.MaxSessions} live sessions are open; try again when one ends."));
            if (kind == Kind.Sound) sound++; else image++;
        }
        return new Lease(this, kind);
    }

    void Leave(Kind kind)
    {
        lock (gate) { if (kind == Kind.Sound) sound--; else image--; }
    }

    sealed class Lease(LiveSessions sessions, Kind kind) : IDisposable
    {
        int disposed;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) sessions.Leave(kind);
        }
    }
}
